"""The participant's console: data models first (inbox), the Textual widgets on top of them."""
