import HeraldKafkaProtocol

/// The classic consumer-group protocol for one group as a state machine value.
/// Inputs carry the current time in milliseconds; outputs are actions that complete parked calls.
public struct GroupStateMachine: Sendable {
    /// Identifies a parked JoinGroup or SyncGroup call so the server can answer it later.
    public typealias CallID = UInt64

    /// Where the group is in its rebalance cycle.
    public enum Phase: String, Sendable, Hashable {
        case empty, preparingRebalance, completingRebalance, stable
    }

    /// One protocol a member supports, with its opaque subscription bytes.
    public struct MemberProtocol: Sendable, Hashable {
        public var name: String
        public var metadata: [UInt8]
        /// A protocol entry.
        public init(name: String, metadata: [UInt8]) {
            self.name = name
            self.metadata = metadata
        }
    }

    /// A JoinGroup call's inputs.
    public struct JoinRequest: Sendable, Hashable {
        public var memberId: String
        public var groupInstanceId: String?
        public var clientId: String
        /// The session timeout in milliseconds.
        public var sessionTimeoutMs: Int32
        /// Rebalance timeout (v1+); v0 callers pass the session timeout.
        public var rebalanceTimeoutMs: Int32
        public var protocolType: String
        public var protocols: [MemberProtocol]
        public var apiVersion: Int16
        /// A JoinGroup request.
        public init(memberId: String, groupInstanceId: String? = nil, clientId: String, sessionTimeoutMs: Int32,
                    rebalanceTimeoutMs: Int32, protocolType: String, protocols: [MemberProtocol], apiVersion: Int16) {
            self.memberId = memberId
            self.groupInstanceId = groupInstanceId
            self.clientId = clientId
            self.sessionTimeoutMs = sessionTimeoutMs
            self.rebalanceTimeoutMs = rebalanceTimeoutMs
            self.protocolType = protocolType
            self.protocols = protocols
            self.apiVersion = apiVersion
        }
    }

    /// A member as the leader sees it in its JoinGroup response.
    public struct JoinedMember: Sendable, Hashable {
        public var memberId: String
        public var groupInstanceId: String?
        public var metadata: [UInt8]
    }

    /// A JoinGroup answer.
    public struct JoinResponse: Sendable, Hashable {
        /// The error code; none on success.
        public var error: ErrorCode
        public var generation: Int32
        public var protocolType: String?
        public var protocolName: String
        public var leader: String
        public var memberId: String
        /// Filled for the leader only.
        public var members: [JoinedMember]

        static func failure(_ error: ErrorCode, memberId: String) -> JoinResponse {
            JoinResponse(error: error, generation: -1, protocolType: nil, protocolName: "", leader: "", memberId: memberId, members: [])
        }
    }

    /// A SyncGroup answer.
    public struct SyncResponse: Sendable, Hashable {
        /// The error code; none on success.
        public var error: ErrorCode
        public var assignment: [UInt8]
        public var protocolType: String?
        public var protocolName: String?
    }

    /// What the caller must do after an input.
    public enum Action: Sendable, Hashable {
        case completeJoin(CallID, JoinResponse)
        case completeSync(CallID, SyncResponse)
    }

    /// Group state kept per member.
    public struct Member: Sendable, Hashable {
        /// The member id.
        public var id: String
        public var groupInstanceId: String?
        public var clientId: String
        /// The session timeout in milliseconds.
        public var sessionTimeoutMs: Int64
        /// The rebalance timeout in milliseconds.
        public var rebalanceTimeoutMs: Int64
        public var protocols: [MemberProtocol]
        /// When the member expires without a heartbeat.
        public var sessionDeadlineMs: Int64
        public var assignment: [UInt8] = []
        /// The JoinGroup call waiting for the join phase to end.
        public var parkedJoin: CallID?
        /// The SyncGroup call waiting for the leader's assignments.
        public var parkedSync: CallID?
    }

    /// Session timeouts accepted (wider than Kafka's default window, for development setups).
    public static let sessionTimeoutRange: ClosedRange<Int32> = 1_000...3_600_000

    public let groupId: String
    /// How long a new, empty group waits for more members before its first join phase ends.
    public let initialDelayMs: Int64
    public private(set) var phase: Phase = .empty
    /// Current generation; the first completed join phase produces generation 1.
    public private(set) var generation: Int32 = 0
    public private(set) var protocolType: String?
    public private(set) var protocolName: String?
    /// The member whose JoinGroup response lists the members.
    public private(set) var leaderId: String?
    /// Members by id.
    public private(set) var members: [String: Member] = [:]
    /// Member ids in join order, for deterministic leader choice and member lists.
    public private(set) var memberOrder: [String] = []
    private var pendingMemberIds: Set<String> = []
    private var joinDeadlineMs: Int64?
    private var initialDelayUntilMs: Int64?

    /// A new empty group.
    public init(groupId: String, initialDelayMs: Int64 = 300) {
        self.groupId = groupId
        self.initialDelayMs = initialDelayMs
    }

    /// Whether no member belongs to the group.
    public var isEmpty: Bool { members.isEmpty }

    // MARK: JoinGroup

    /// Handles JoinGroup; `newMemberId` is the id to hand out if the caller has none (`<client_id>-<uuid>`).
    public mutating func join(_ request: JoinRequest, call: CallID, newMemberId: String, nowMs: Int64) -> [Action] {
        func fail(_ error: ErrorCode) -> [Action] {
            [.completeJoin(call, .failure(error, memberId: request.memberId))]
        }
        guard Self.sessionTimeoutRange.contains(request.sessionTimeoutMs) else { return fail(.invalidSessionTimeout) }
        guard !request.protocols.isEmpty, !request.protocolType.isEmpty else { return fail(.inconsistentGroupProtocol) }
        let others = members.values.filter { $0.id != request.memberId }
        if !others.isEmpty {
            if let type = protocolType, type != request.protocolType { return fail(.inconsistentGroupProtocol) }
            let supportedByAll = request.protocols.contains { proto in
                others.allSatisfy { member in member.protocols.contains { $0.name == proto.name } }
            }
            guard supportedByAll else { return fail(.inconsistentGroupProtocol) }
        }

        var memberId = request.memberId
        if memberId.isEmpty {
            memberId = newMemberId
            if request.apiVersion >= 4 {
                pendingMemberIds.insert(memberId)
                return [.completeJoin(call, .failure(.memberIdRequired, memberId: memberId))]
            }
        } else if members[memberId] == nil {
            guard pendingMemberIds.remove(memberId) != nil else { return fail(.unknownMemberId) }
        }

        // Kafka's shortcut: a known member rejoining with unchanged protocols while the group is settled gets the
        // current generation back without a new rebalance (except the leader of a stable group).
        if let known = members[memberId], known.parkedJoin == nil, known.protocols == request.protocols,
           phase == .completingRebalance || (phase == .stable && memberId != leaderId),
           let leader = leaderId, let chosen = protocolName {
            members[memberId]?.sessionDeadlineMs = nowMs + known.sessionTimeoutMs
            return [.completeJoin(call, JoinResponse(
                error: .noError, generation: generation, protocolType: protocolType, protocolName: chosen, leader: leader,
                memberId: memberId, members: memberId == leader ? currentMemberList(protocol: chosen) : []))]
        }

        var actions: [Action] = []
        var member = members[memberId] ?? Member(
            id: memberId, groupInstanceId: request.groupInstanceId, clientId: request.clientId,
            sessionTimeoutMs: 0, rebalanceTimeoutMs: 0, protocols: [], sessionDeadlineMs: 0)
        if let previous = member.parkedJoin {
            actions.append(.completeJoin(previous, .failure(.rebalanceInProgress, memberId: memberId)))
        }
        member.sessionTimeoutMs = Int64(request.sessionTimeoutMs)
        member.rebalanceTimeoutMs = Int64(request.rebalanceTimeoutMs > 0 ? request.rebalanceTimeoutMs : request.sessionTimeoutMs)
        member.protocols = request.protocols
        member.groupInstanceId = request.groupInstanceId
        member.parkedJoin = call
        member.sessionDeadlineMs = nowMs + member.sessionTimeoutMs
        if members[memberId] == nil { memberOrder.append(memberId) }
        members[memberId] = member
        if protocolType == nil { protocolType = request.protocolType }

        switch phase {
        case .empty:
            phase = .preparingRebalance
            initialDelayUntilMs = nowMs + initialDelayMs
            joinDeadlineMs = nowMs + initialDelayMs
        case .stable, .completingRebalance:
            actions += beginRebalance(nowMs: nowMs)
        case .preparingRebalance:
            break
        }
        actions += completeJoinIfReady(nowMs: nowMs)
        return actions
    }

    // MARK: SyncGroup

    /// Handles SyncGroup; the leader passes every member's assignment, followers pass none.
    public mutating func sync(memberId: String, generation: Int32, assignments: [String: [UInt8]],
                              call: CallID, nowMs: Int64) -> [Action] {
        func answer(_ error: ErrorCode, _ assignment: [UInt8] = []) -> [Action] {
            [.completeSync(call, SyncResponse(error: error, assignment: assignment,
                                              protocolType: protocolType, protocolName: protocolName))]
        }
        guard var member = members[memberId] else { return answer(.unknownMemberId) }
        guard generation == self.generation else { return answer(.illegalGeneration) }
        switch phase {
        case .empty, .preparingRebalance:
            return answer(.rebalanceInProgress)
        case .stable:
            member.sessionDeadlineMs = nowMs + member.sessionTimeoutMs
            members[memberId] = member
            return answer(.noError, member.assignment)
        case .completingRebalance:
            var actions: [Action] = []
            if let previous = member.parkedSync { actions += [.completeSync(previous, SyncResponse(error: .rebalanceInProgress, assignment: []))] }
            member.parkedSync = call
            member.sessionDeadlineMs = nowMs + member.sessionTimeoutMs
            members[memberId] = member
            guard memberId == leaderId else { return actions }
            for id in memberOrder { members[id]?.assignment = assignments[id] ?? [] }
            phase = .stable
            for id in memberOrder {
                guard var waiting = members[id], let parked = waiting.parkedSync else { continue }
                waiting.parkedSync = nil
                waiting.sessionDeadlineMs = nowMs + waiting.sessionTimeoutMs
                members[id] = waiting
                actions.append(.completeSync(parked, SyncResponse(
                    error: .noError, assignment: waiting.assignment,
                    protocolType: protocolType, protocolName: protocolName)))
            }
            return actions
        }
    }

    // MARK: Heartbeat, LeaveGroup, commits

    /// Handles Heartbeat: refreshes the member's session and tells it whether to rejoin.
    public mutating func heartbeat(memberId: String, generation: Int32, nowMs: Int64) -> ErrorCode {
        guard var member = members[memberId] else { return .unknownMemberId }
        guard generation == self.generation else { return .illegalGeneration }
        member.sessionDeadlineMs = nowMs + member.sessionTimeoutMs
        members[memberId] = member
        return phase == .preparingRebalance ? .rebalanceInProgress : .noError
    }

    /// Handles LeaveGroup for one member and rebalances the rest.
    public mutating func leave(memberId: String, nowMs: Int64) -> (error: ErrorCode, actions: [Action]) {
        guard members[memberId] != nil else { return (.unknownMemberId, []) }
        let actions = remove([memberId], nowMs: nowMs)
        return (.noError, actions)
    }

    /// Checks whether an OffsetCommit from this member and generation may be stored.
    public func validateCommit(memberId: String, generation: Int32) -> ErrorCode {
        if generation < 0 && memberId.isEmpty && members.isEmpty { return .noError }
        if phase == .completingRebalance && members[memberId] != nil { return .rebalanceInProgress }
        guard members[memberId] != nil else { return .unknownMemberId }
        guard generation == self.generation else { return .illegalGeneration }
        return .noError
    }

    /// TxnOffsetCommit's check, as Kafka's group coordinator makes it: a member id given must be a member, a
    /// generation given must be the current one; a rebalance in progress does not stop a transactional commit.
    public func validateTransactionalCommit(memberId: String, generation: Int32) -> ErrorCode {
        if !memberId.isEmpty && members[memberId] == nil { return .unknownMemberId }
        if generation >= 0 && generation != self.generation { return .illegalGeneration }
        return .noError
    }

    // MARK: Time

    /// Advances time: expires silent members and ends a join phase whose deadline passed.
    public mutating func tick(nowMs: Int64) -> [Action] {
        var actions: [Action] = []
        if phase == .stable || phase == .completingRebalance {
            let expired = memberOrder.filter { id in
                guard let member = members[id] else { return false }
                return member.parkedJoin == nil && member.parkedSync == nil && member.sessionDeadlineMs <= nowMs
            }
            if !expired.isEmpty { actions += remove(expired, nowMs: nowMs) }
        }
        if phase == .preparingRebalance { actions += completeJoinIfReady(nowMs: nowMs) }
        return actions
    }

    /// The earliest time at which `tick` may change something, if any.
    public var nextDeadlineMs: Int64? {
        switch phase {
        case .empty: return nil
        case .preparingRebalance: return joinDeadlineMs
        case .stable, .completingRebalance:
            return members.values.filter { $0.parkedJoin == nil && $0.parkedSync == nil }.map(\.sessionDeadlineMs).min()
        }
    }

    // MARK: Internals

    private mutating func remove(_ ids: [String], nowMs: Int64) -> [Action] {
        var actions: [Action] = []
        for id in ids {
            guard let member = members.removeValue(forKey: id) else { continue }
            memberOrder.removeAll { $0 == id }
            if let call = member.parkedJoin { actions.append(.completeJoin(call, .failure(.unknownMemberId, memberId: id))) }
            if let call = member.parkedSync { actions.append(.completeSync(call, SyncResponse(error: .unknownMemberId, assignment: []))) }
        }
        if members.isEmpty {
            // Kafka ends a rebalance with no members by moving to a new, empty generation.
            if phase != .empty { generation += 1 }
            phase = .empty
            leaderId = nil
            protocolName = nil
            protocolType = nil
            joinDeadlineMs = nil
            initialDelayUntilMs = nil
            return actions
        }
        if phase == .preparingRebalance {
            actions += completeJoinIfReady(nowMs: nowMs)
        } else {
            actions += beginRebalance(nowMs: nowMs)
        }
        return actions
    }

    private mutating func beginRebalance(nowMs: Int64) -> [Action] {
        var actions: [Action] = []
        for id in memberOrder {
            guard let call = members[id]?.parkedSync else { continue }
            members[id]?.parkedSync = nil
            actions.append(.completeSync(call, SyncResponse(error: .rebalanceInProgress, assignment: [])))
        }
        phase = .preparingRebalance
        let longest = members.values.map(\.rebalanceTimeoutMs).max() ?? 0
        joinDeadlineMs = nowMs + longest
        initialDelayUntilMs = nil
        return actions
    }

    private mutating func completeJoinIfReady(nowMs: Int64) -> [Action] {
        guard phase == .preparingRebalance else { return [] }
        if let until = initialDelayUntilMs, nowMs < until { return [] }
        let allJoined = !members.isEmpty && members.values.allSatisfy { $0.parkedJoin != nil }
        let expired = joinDeadlineMs.map { nowMs >= $0 } ?? true
        guard allJoined || expired else { return [] }
        return completeJoin(nowMs: nowMs)
    }

    private func currentMemberList(protocol chosen: String) -> [JoinedMember] {
        memberOrder.compactMap { members[$0] }.map { member in
            JoinedMember(memberId: member.id, groupInstanceId: member.groupInstanceId,
                         metadata: member.protocols.first { $0.name == chosen }?.metadata ?? [])
        }
    }

    private mutating func completeJoin(nowMs: Int64) -> [Action] {
        let stragglers = memberOrder.filter { members[$0]?.parkedJoin == nil }
        for id in stragglers { members.removeValue(forKey: id) }
        memberOrder.removeAll { members[$0] == nil }
        joinDeadlineMs = nil
        initialDelayUntilMs = nil
        generation += 1
        guard let first = memberOrder.first else {
            phase = .empty
            leaderId = nil
            protocolName = nil
            protocolType = nil
            return []
        }
        let leader = (leaderId.flatMap { members[$0] != nil ? $0 : nil }) ?? first
        let ordered = memberOrder.compactMap { members[$0] }
        let chosen = members[leader]?.protocols.first { proto in
            ordered.allSatisfy { member in member.protocols.contains { $0.name == proto.name } }
        }?.name
        guard let chosen else {
            // Members no longer agree on any protocol; fail them all.
            let calls = ordered.compactMap(\.parkedJoin)
            members = [:]
            memberOrder = []
            phase = .empty
            leaderId = nil
            protocolName = nil
            protocolType = nil
            return calls.map { .completeJoin($0, .failure(.inconsistentGroupProtocol, memberId: "")) }
        }
        leaderId = leader
        protocolName = chosen
        phase = .completingRebalance
        let memberList = currentMemberList(protocol: chosen)
        var actions: [Action] = []
        for id in memberOrder {
            guard var member = members[id], let call = member.parkedJoin else { continue }
            member.parkedJoin = nil
            member.assignment = []
            member.sessionDeadlineMs = nowMs + member.sessionTimeoutMs
            members[id] = member
            actions.append(.completeJoin(call, JoinResponse(
                error: .noError, generation: generation, protocolType: protocolType, protocolName: chosen,
                leader: leader, memberId: id, members: id == leader ? memberList : [])))
        }
        return actions
    }
}
