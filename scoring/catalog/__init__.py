"""Every price, hardware spec and operating figure the engine uses, with its source and as-of
date: typed tables (`tables`), the loader with overrides (`loader`), and the data files."""

from scoring.catalog.loader import Catalog, CatalogDataError, Figure, default_catalog, load_catalog

__all__ = ["Catalog", "CatalogDataError", "Figure", "default_catalog", "load_catalog"]
