"""The participant console's widgets, one per module."""
