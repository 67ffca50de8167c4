import HeraldKafkaProtocol
import NIOCore

extension BrokerState {
    /// JoinGroup: `completion` runs (possibly later, after the join phase) with the member's answer.
    public func joinGroup(_ groupId: String, _ request: GroupStateMachine.JoinRequest, newMemberId: String,
                          completion: @escaping @Sendable (GroupStateMachine.JoinResponse) -> Void) {
        guard !groupId.isEmpty else {
            completion(.init(error: .invalidGroupId, generation: -1, protocolType: nil, protocolName: "", leader: "", memberId: request.memberId, members: []))
            return
        }
        let ready = lock.withLock { () -> [() -> Void] in
            let call = nextCallID
            nextCallID += 1
            parkedJoins[call] = completion
            var group = groups[groupId] ?? GroupStateMachine(groupId: groupId, initialDelayMs: configuration.groupInitialDelayMs)
            let actions = group.join(request, call: call, newMemberId: newMemberId, nowMs: clock())
            groups[groupId] = group
            return takeCallbacksLocked(actions)
        }
        ready.forEach { $0() }
    }

    /// SyncGroup: `completion` runs once the leader's assignments are in (or at once on error).
    public func syncGroup(_ groupId: String, memberId: String, generation: Int32, assignments: [String: [UInt8]],
                          completion: @escaping @Sendable (GroupStateMachine.SyncResponse) -> Void) {
        let ready = lock.withLock { () -> [() -> Void] in
            let call = nextCallID
            nextCallID += 1
            parkedSyncs[call] = completion
            guard var group = groups[groupId] else {
                parkedSyncs[call] = nil
                return [{ completion(.init(error: .unknownMemberId, assignment: [])) }]
            }
            let actions = group.sync(memberId: memberId, generation: generation, assignments: assignments, call: call, nowMs: clock())
            groups[groupId] = group
            return takeCallbacksLocked(actions)
        }
        ready.forEach { $0() }
    }

    public func heartbeat(_ groupId: String, memberId: String, generation: Int32) -> ErrorCode {
        lock.withLock {
            guard var group = groups[groupId] else { return .unknownMemberId }
            let error = group.heartbeat(memberId: memberId, generation: generation, nowMs: clock())
            groups[groupId] = group
            return error
        }
    }

    /// LeaveGroup for one member.
    public func leaveGroup(_ groupId: String, memberId: String) -> ErrorCode {
        let (error, ready) = lock.withLock { () -> (ErrorCode, [() -> Void]) in
            guard var group = groups[groupId] else { return (.unknownMemberId, []) }
            let (error, actions) = group.leave(memberId: memberId, nowMs: clock())
            groups[groupId] = group
            return (error, takeCallbacksLocked(actions))
        }
        ready.forEach { $0() }
        return error
    }

    /// Advances every group's clock: session expiry and join-phase deadlines.
    public func tickGroups() {
        let ready = lock.withLock { () -> [() -> Void] in
            var callbacks: [() -> Void] = []
            let now = clock()
            for id in groups.keys.sorted() {
                guard var group = groups[id], group.nextDeadlineMs.map({ $0 <= now }) == true else { continue }
                let actions = group.tick(nowMs: now)
                groups[id] = group
                callbacks += takeCallbacksLocked(actions)
            }
            return callbacks
        }
        ready.forEach { $0() }
    }

    /// A snapshot of one group's state machine (for logs and tests).
    public func group(_ groupId: String) -> GroupStateMachine? {
        lock.withLock { groups[groupId] }
    }

    private func takeCallbacksLocked(_ actions: [GroupStateMachine.Action]) -> [() -> Void] {
        actions.compactMap { action in
            switch action {
            case .completeJoin(let call, let response):
                guard let completion = parkedJoins.removeValue(forKey: call) else { return nil }
                return { completion(response) }
            case .completeSync(let call, let response):
                guard let completion = parkedSyncs.removeValue(forKey: call) else { return nil }
                return { completion(response) }
            }
        }
    }

    // MARK: Offsets

    /// One partition of an OffsetCommit.
    public struct OffsetCommitEntry: Sendable {
        public var partition: TopicPartition
        public var offset: Int64
        public var metadata: String
        /// An entry.
        public init(partition: TopicPartition, offset: Int64, metadata: String) {
            self.partition = partition
            self.offset = offset
            self.metadata = metadata
        }
    }

    /// OffsetCommit: validates the member and generation, stores the offsets, returns an error per entry.
    public func commitOffsets(_ groupId: String, memberId: String, generation: Int32, entries: [OffsetCommitEntry]) -> [ErrorCode] {
        guard !groupId.isEmpty else { return entries.map { _ in .invalidGroupId } }
        return lock.withLock {
            let groupError = groups[groupId]?.validateCommit(memberId: memberId, generation: generation)
                ?? GroupStateMachine(groupId: groupId).validateCommit(memberId: memberId, generation: generation)
            var results: [ErrorCode] = []
            var changed = false
            for entry in entries {
                if groupError != .noError { results.append(groupError); continue }
                guard let topic = topics[entry.partition.topic], entry.partition.partition >= 0,
                      Int(entry.partition.partition) < topic.logs.count else {
                    results.append(.unknownTopicOrPartition); continue
                }
                offsets.commit(group: groupId, topic: entry.partition.topic, partition: entry.partition.partition,
                               position: .init(offset: entry.offset, metadata: entry.metadata))
                changed = true
                results.append(.noError)
            }
            if changed { persistOffsetsLocked() }
            return results
        }
    }

    /// OffsetFetch: committed positions for the given partitions, or everything the group committed when nil.
    public func fetchOffsets(_ groupId: String, partitions: [TopicPartition]?) -> [(TopicPartition, CommittedOffsets.Position?)] {
        lock.withLock {
            guard let partitions else {
                return offsets.all(group: groupId).map { (TopicPartition($0.topic, $0.partition), $0.position) }
            }
            return partitions.map { ($0, offsets.position(group: groupId, topic: $0.topic, partition: $0.partition)) }
        }
    }
}

extension BrokerState {
    /// ListGroups: every group with members or committed offsets, sorted by id; `protocolType` is empty for a group
    /// that only commits offsets.
    public func listGroups() -> [(groupId: String, protocolType: String)] {
        lock.withLock {
            var listed: [String: String] = [:]
            for id in offsets.groups.keys { listed[id] = "" }
            for (id, group) in groups { listed[id] = group.protocolType ?? listed[id] ?? "" }
            return listed.keys.sorted().map { ($0, listed[$0] ?? "") }
        }
    }

    /// DescribeGroups: each requested group's state and members, in request order. A group the broker has never
    /// seen is `Dead` with no members, as Kafka answers.
    public func describeGroups(_ ids: [String]) -> [DescribeGroupsResponse.Group] {
        lock.withLock {
            ids.map { id in
                var described = DescribeGroupsResponse.Group()
                described.groupId = id
                guard let group = groups[id] else {
                    described.groupState = offsets.groups[id] == nil ? "Dead" : "Empty"
                    return described
                }
                described.groupState = Self.stateName(group.phase)
                described.protocolType = group.protocolType ?? ""
                described.protocolData = group.protocolName ?? ""
                described.members = group.memberOrder.compactMap { group.members[$0] }.map { member in
                    var described = DescribeGroupsResponse.Member()
                    described.memberId = member.id
                    described.groupInstanceId = member.groupInstanceId
                    described.clientId = member.clientId
                    let metadata = member.protocols.first { $0.name == group.protocolName }?.metadata ?? []
                    described.memberMetadata = ByteBuffer(bytes: metadata)
                    described.memberAssignment = ByteBuffer(bytes: member.assignment)
                    return described
                }
                return described
            }
        }
    }

    /// Kafka's name for a group state.
    static func stateName(_ phase: GroupStateMachine.Phase) -> String {
        switch phase {
        case .empty: "Empty"
        case .preparingRebalance: "PreparingRebalance"
        case .completingRebalance: "CompletingRebalance"
        case .stable: "Stable"
        }
    }
}
