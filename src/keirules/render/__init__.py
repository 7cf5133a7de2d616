"""Renderers, one module per output format; each returns text or a renderable, never prints."""
