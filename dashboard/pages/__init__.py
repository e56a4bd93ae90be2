"""Dash pages: one module per page, loaded by Dash itself (never import them)."""
