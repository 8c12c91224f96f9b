"""Command-line interface: thin commands over the other packages. Nothing imports this package."""
