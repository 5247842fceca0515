"""Renderers: each turns a validation report into text for one audience or tool."""
