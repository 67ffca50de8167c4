import HeraldKafkaProtocol

extension KafkaRequestHandler {
    /// Produce from inside the process (`herald serve`'s publish form): the same checks, validation, dead-lettering
    /// and append as a Produce request from a client, answered as Produce v9 would be.
    public func produceInProcess(_ request: ProduceRequest) -> ProduceResponse {
        produce(request, version: ApiKey.produce.supportedVersions.upperBound)
    }
}
