"""The ML Engineer Handbook's data layer: load, validate and render resources.yaml.

Nothing in this package imports MkDocs, so the site generator can change without touching it.
"""
