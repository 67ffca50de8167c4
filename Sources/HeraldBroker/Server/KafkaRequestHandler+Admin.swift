import HeraldKafkaProtocol

extension KafkaRequestHandler {
    /// Kafka's resource types in the config APIs.
    enum ConfigResource {
        static let topic: Int8 = 2
        static let broker: Int8 = 4
    }

    func describeConfigs(_ request: DescribeConfigsRequest) -> DescribeConfigsResponse {
        DescribeConfigsResponse(results: request.resources.map { resource in
            let entries: [DescribeConfigsResponse.Config]
            switch resource.resourceType {
            case ConfigResource.topic:
                guard let config = state.topicConfig(resource.resourceName) else {
                    return .init(errorCode: ErrorCode.unknownTopicOrPartition, errorMessage: "unknown topic",
                                 resourceType: resource.resourceType, resourceName: resource.resourceName, configs: [])
                }
                // Config source 1 is a dynamic topic config, 5 the default.
                entries = config.entries(defaults: state.configuration).map { entry in
                    var described = DescribeConfigsResponse.Config(name: entry.name, value: entry.value, readOnly: false,
                                                                   isDefault: entry.isDefault)
                    described.configSource = entry.isDefault ? 5 : 1
                    return described
                }
            case ConfigResource.broker:
                // The broker-wide defaults under their broker names (log.retention.ms, log.message.max.bytes, ...).
                let brokerNames = [
                    "delete.retention.ms": "log.cleaner.delete.retention.ms", "min.cleanable.dirty.ratio": "log.cleaner.min.cleanable.ratio",
                    "min.compaction.lag.ms": "log.cleaner.min.compaction.lag.ms", "segment.ms": "log.roll.ms",
                ]
                entries = (TopicConfig().entries(defaults: state.configuration).map { entry in
                    (brokerNames[entry.name] ?? "log." + entry.name.replacingOccurrences(of: "max.message.bytes", with: "message.max.bytes"),
                     entry.value)
                } + [("num.partitions", "\(state.configuration.defaultPartitions)")])
                    .map { DescribeConfigsResponse.Config(name: $0.0, value: $0.1) }
            default:
                return .init(errorCode: ErrorCode.invalidRequest, errorMessage: "unsupported resource type",
                             resourceType: resource.resourceType, resourceName: resource.resourceName, configs: [])
            }
            let wanted = resource.configurationKeys.map(Set.init)
            let configs = entries.filter { wanted?.contains($0.name) ?? true }.sorted { $0.name < $1.name }
            return .init(resourceType: resource.resourceType, resourceName: resource.resourceName, configs: configs)
        })
    }

    func alterConfigs(_ request: AlterConfigsRequest) -> AlterConfigsResponse {
        AlterConfigsResponse(responses: request.resources.map { resource in
            alter(resource.resourceType, resource.resourceName, changes: resource.configs.map { ($0.name, $0.value) },
                  replace: true, validateOnly: request.validateOnly)
        })
    }

    func incrementalAlterConfigs(_ request: IncrementalAlterConfigsRequest) -> IncrementalAlterConfigsResponse {
        IncrementalAlterConfigsResponse(responses: request.resources.map { resource in
            var changes: [(name: String, value: String?)] = []
            for config in resource.configs {
                switch config.configOperation {
                case 0: changes.append((config.name, config.value ?? ""))
                case 1: changes.append((config.name, nil))
                default:
                    return .init(errorCode: .invalidConfig,
                                 errorMessage: "\(config.name): APPEND and SUBTRACT apply to list configs, and Herald honours none",
                                 resourceType: resource.resourceType, resourceName: resource.resourceName)
                }
            }
            return alter(resource.resourceType, resource.resourceName, changes: changes, replace: false,
                         validateOnly: request.validateOnly)
        })
    }

    private func alter(_ type: Int8, _ name: String, changes: [(name: String, value: String?)], replace: Bool,
                       validateOnly: Bool) -> AlterConfigsResourceResult {
        guard type == ConfigResource.topic else {
            return .init(errorCode: .invalidRequest, errorMessage: "only topic configs can be changed on this broker",
                         resourceType: type, resourceName: name)
        }
        let (error, message) = state.alterTopicConfig(name, changes: changes, replace: replace, validateOnly: validateOnly)
        return .init(errorCode: error, errorMessage: message, resourceType: type, resourceName: name)
    }

    func createPartitions(_ request: CreatePartitionsRequest) -> CreatePartitionsResponse {
        CreatePartitionsResponse(results: request.topics.map { topic in
            if let assignments = topic.assignments, assignments.contains(where: { $0.brokerIds != [Self.nodeId] }) {
                return .init(name: topic.name, errorCode: .invalidReplicaAssignment,
                             errorMessage: "this broker has one node (id \(Self.nodeId)): every new partition's replicas must be [\(Self.nodeId)]")
            }
            let (error, message) = state.createPartitions(topic.name, count: topic.count, validateOnly: request.validateOnly)
            return .init(name: topic.name, errorCode: error, errorMessage: message)
        })
    }

    func deleteRecords(_ request: DeleteRecordsRequest) -> DeleteRecordsResponse {
        DeleteRecordsResponse(topics: request.topics.map { topic in
            .init(name: topic.name, partitions: topic.partitions.map { partition in
                let (error, low) = state.deleteRecords(TopicPartition(topic.name, partition.partitionIndex), before: partition.offset)
                if error == .noError {
                    logger.info("records deleted", metadata: [
                        "topic": "\(topic.name)", "partition": "\(partition.partitionIndex)", "logStartOffset": "\(low)"])
                }
                return .init(partitionIndex: partition.partitionIndex, lowWatermark: low, errorCode: error)
            })
        })
    }
}
