// The HeraldKafkaProtocol module; see docs/architecture.md.
