// The HeraldCatalog module; see docs/architecture.md.
