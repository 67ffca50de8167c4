// The HeraldBroker module; see docs/architecture.md.
