"""The participant console's screens, one per module."""
