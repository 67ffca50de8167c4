import Testing
@testable import HeraldBroker

@Suite struct GroupStateMachineTests {
    typealias G = GroupStateMachine

    func request(_ memberId: String = "", client: String = "c", version: Int16 = 5, session: Int32 = 10_000,
                 rebalance: Int32 = 30_000, protocols: [String] = ["range", "roundrobin"]) -> G.JoinRequest {
        G.JoinRequest(memberId: memberId, clientId: client, sessionTimeoutMs: session, rebalanceTimeoutMs: rebalance,
                      protocolType: "consumer",
                      protocols: protocols.map { G.MemberProtocol(name: $0, metadata: Array($0.utf8)) },
                      apiVersion: version)
    }

    func joins(_ actions: [G.Action]) -> [G.CallID: G.JoinResponse] {
        var out: [G.CallID: G.JoinResponse] = [:]
        for case let .completeJoin(call, response) in actions { out[call] = response }
        return out
    }

    func syncs(_ actions: [G.Action]) -> [G.CallID: G.SyncResponse] {
        var out: [G.CallID: G.SyncResponse] = [:]
        for case let .completeSync(call, response) in actions { out[call] = response }
        return out
    }

    /// Joins two members (v4+ dance) and completes the first generation; returns their ids, leader first.
    func stableGroupOfTwo(_ group: inout G) -> (String, String) {
        let a = joins(group.join(request(client: "a"), call: 1, newMemberId: "a-1", nowMs: 0))[1]!
        #expect(a.error == .memberIdRequired && a.memberId == "a-1")
        #expect(group.join(request("a-1", client: "a"), call: 2, newMemberId: "unused", nowMs: 0).isEmpty)
        _ = group.join(request(client: "b"), call: 3, newMemberId: "b-1", nowMs: 10)
        #expect(group.join(request("b-1", client: "b"), call: 4, newMemberId: "unused", nowMs: 10).isEmpty)
        let done = joins(group.tick(nowMs: 300))
        #expect(done.count == 2)
        _ = syncs(group.sync(memberId: "b-1", generation: 1, assignments: [:], call: 5, nowMs: 310))
        let synced = syncs(group.sync(memberId: "a-1", generation: 1, assignments: ["a-1": [1], "b-1": [2]], call: 6, nowMs: 320))
        #expect(synced[5]?.assignment == [2] && synced[6]?.assignment == [1])
        return ("a-1", "b-1")
    }

    @Test func firstJoinWaitsForTheInitialDelayThenStartsGenerationOne() {
        var group = G(groupId: "g", initialDelayMs: 300)
        #expect(group.join(request(client: "a", version: 3), call: 1, newMemberId: "a-x", nowMs: 0).isEmpty)
        #expect(group.phase == .preparingRebalance)
        #expect(group.tick(nowMs: 299).isEmpty)
        let done = joins(group.tick(nowMs: 300))
        let response = done[1]!
        #expect(response.error == .none)
        #expect(response.generation == 1)
        #expect(response.memberId == "a-x" && response.leader == "a-x")
        #expect(response.protocolName == "range")
        #expect(response.members.map(\.memberId) == ["a-x"])
        #expect(group.phase == .completingRebalance)
    }

    @Test func memberIdRequiredForV4AndUnknownIdsRejected() {
        var group = G(groupId: "g")
        let first = joins(group.join(request(client: "cli"), call: 1, newMemberId: "cli-uuid", nowMs: 0))[1]!
        #expect(first.error == .memberIdRequired && first.memberId == "cli-uuid")
        #expect(group.isEmpty)
        let unknown = joins(group.join(request("someone-else"), call: 2, newMemberId: "x", nowMs: 0))[2]!
        #expect(unknown.error == .unknownMemberId)
    }

    @Test func onlyTheLeaderGetsTheMemberListAndFollowersWaitForAssignments() {
        var group = G(groupId: "g", initialDelayMs: 100)
        _ = group.join(request(client: "a", version: 1), call: 1, newMemberId: "a-1", nowMs: 0)
        _ = group.join(request(client: "b", version: 1), call: 2, newMemberId: "b-1", nowMs: 50)
        let done = joins(group.tick(nowMs: 100))
        #expect(done[1]?.members.map(\.memberId) == ["a-1", "b-1"])
        #expect(done[2]?.members.isEmpty == true)
        #expect(done[2]?.leader == "a-1")
        #expect(group.sync(memberId: "b-1", generation: 1, assignments: [:], call: 3, nowMs: 110).isEmpty)
        #expect(syncs(group.sync(memberId: "b-1", generation: 0, assignments: [:], call: 9, nowMs: 110))[9]?.error == .illegalGeneration)
        #expect(syncs(group.sync(memberId: "zz", generation: 1, assignments: [:], call: 9, nowMs: 110))[9]?.error == .unknownMemberId)
        let synced = syncs(group.sync(memberId: "a-1", generation: 1, assignments: ["a-1": [0xA], "b-1": [0xB]], call: 4, nowMs: 120))
        #expect(synced[3] == G.SyncResponse(error: .none, assignment: [0xB], protocolType: "consumer", protocolName: "range"))
        #expect(synced[4]?.assignment == [0xA])
        #expect(group.phase == .stable)
        #expect(group.heartbeat(memberId: "b-1", generation: 1, nowMs: 130) == .none)
    }

    @Test func protocolSelectionPrefersTheLeadersFirstCommonChoice() {
        var group = G(groupId: "g", initialDelayMs: 0)
        // With no initial delay, a alone completes generation 1 at once.
        let first = joins(group.join(request(client: "a", version: 1, protocols: ["roundrobin", "range"]), call: 1, newMemberId: "a-1", nowMs: 0))
        #expect(first[1]?.generation == 1 && first[1]?.protocolName == "roundrobin")
        // b joining triggers a rebalance that ends when a rejoins.
        #expect(group.join(request(client: "b", version: 1, protocols: ["range"]), call: 2, newMemberId: "b-1", nowMs: 1).isEmpty)
        let done = joins(group.join(request("a-1", client: "a", version: 1, protocols: ["roundrobin", "range"]), call: 3, newMemberId: "", nowMs: 2))
        #expect(done[3]?.protocolName == "range")
        #expect(done[3]?.generation == 2)
        #expect(done[2]?.protocolName == "range")
        let bad = joins(group.join(request(client: "c", version: 1, protocols: ["sticky"]), call: 4, newMemberId: "c-1", nowMs: 4))
        #expect(bad[4]?.error == .inconsistentGroupProtocol)
    }

    @Test func heartbeatSignalsRebalanceAndLeaveHandsPartitionsToTheRest() {
        var group = G(groupId: "g", initialDelayMs: 300)
        let (leader, follower) = stableGroupOfTwo(&group)
        #expect(group.generation == 1)
        let (error, actions) = group.leave(memberId: leader, nowMs: 1_000)
        #expect(error == .none && actions.isEmpty)
        #expect(group.phase == .preparingRebalance)
        #expect(group.heartbeat(memberId: follower, generation: 1, nowMs: 1_100) == .rebalanceInProgress)
        let done = joins(group.join(request(follower, client: "b"), call: 10, newMemberId: "", nowMs: 1_200))
        #expect(done[10]?.generation == 2)
        #expect(done[10]?.leader == follower)
        #expect(done[10]?.members.map(\.memberId) == [follower])
        #expect(group.leave(memberId: "nobody", nowMs: 1_300).error == .unknownMemberId)
    }

    @Test func joinPhaseEndsAtTheRebalanceTimeoutWithoutStragglers() {
        var group = G(groupId: "g", initialDelayMs: 300)
        let (leader, follower) = stableGroupOfTwo(&group)
        // The leader rejoins; the follower stays silent.
        #expect(group.join(request(leader, client: "a", rebalance: 5_000), call: 20, newMemberId: "", nowMs: 2_000).isEmpty)
        // The join phase lasts the longest rebalance timeout among members (the follower's 30 s).
        #expect(group.tick(nowMs: 31_999).isEmpty)
        let done = joins(group.tick(nowMs: 32_000))
        #expect(done[20]?.generation == 2)
        #expect(done[20]?.members.map(\.memberId) == [leader])
        #expect(group.members[follower] == nil)
    }

    @Test func silentMembersExpireAfterTheSessionTimeout() {
        var group = G(groupId: "g", initialDelayMs: 300)
        let (leader, follower) = stableGroupOfTwo(&group)
        #expect(group.heartbeat(memberId: leader, generation: 1, nowMs: 9_000) == .none)
        #expect(group.tick(nowMs: 10_000).isEmpty)
        _ = group.tick(nowMs: 10_400)  // follower's last contact was at 310 + 10 s
        #expect(group.members[follower] == nil)
        #expect(group.phase == .preparingRebalance)
        #expect(group.heartbeat(memberId: follower, generation: 1, nowMs: 10_500) == .unknownMemberId)
        _ = group.tick(nowMs: 40_400)  // the leader never rejoined either
        #expect(group.isEmpty && group.phase == .empty)
    }

    @Test func newJoinDuringCompletingRebalanceAnswersParkedSyncsWithRebalanceInProgress() {
        var group = G(groupId: "g", initialDelayMs: 100)
        _ = group.join(request(client: "a", version: 1), call: 1, newMemberId: "a-1", nowMs: 0)
        _ = group.join(request(client: "b", version: 1), call: 2, newMemberId: "b-1", nowMs: 50)
        #expect(joins(group.tick(nowMs: 100)).count == 2)
        #expect(group.sync(memberId: "b-1", generation: 1, assignments: [:], call: 3, nowMs: 110).isEmpty)
        let actions = group.join(request(client: "c", version: 1), call: 4, newMemberId: "c-1", nowMs: 120)
        #expect(syncs(actions)[3]?.error == .rebalanceInProgress)
        #expect(group.phase == .preparingRebalance)
        #expect(syncs(group.sync(memberId: "a-1", generation: 1, assignments: [:], call: 5, nowMs: 130))[5]?.error == .rebalanceInProgress)
    }

    @Test func commitValidation() {
        var group = G(groupId: "g", initialDelayMs: 300)
        #expect(group.validateCommit(memberId: "", generation: -1) == .none)
        let (leader, _) = stableGroupOfTwo(&group)
        #expect(group.validateCommit(memberId: leader, generation: 1) == .none)
        #expect(group.validateCommit(memberId: leader, generation: 0) == .illegalGeneration)
        #expect(group.validateCommit(memberId: "", generation: -1) == .unknownMemberId)
        #expect(group.validateCommit(memberId: "ghost", generation: 1) == .unknownMemberId)
    }

    @Test func invalidSessionTimeoutRejected() {
        var group = G(groupId: "g")
        let r = joins(group.join(request(version: 1, session: 10), call: 1, newMemberId: "x", nowMs: 0))
        #expect(r[1]?.error == .invalidSessionTimeout)
    }

    @Test func lastMemberLeavingEmptiesTheGroupAndANewConsumerStartsAfresh() {
        var group = G(groupId: "g", initialDelayMs: 300)
        let (leader, follower) = stableGroupOfTwo(&group)
        _ = group.leave(memberId: leader, nowMs: 500)
        _ = group.leave(memberId: follower, nowMs: 600)
        #expect(group.isEmpty && group.phase == .empty)
        let generationAfter = group.generation
        _ = group.join(request(client: "n", version: 1), call: 30, newMemberId: "n-1", nowMs: 1_000)
        let done = joins(group.tick(nowMs: 1_300))
        #expect(done[30]?.generation == generationAfter + 1)
        #expect(done[30]?.error == KafkaErrorCode.none)
    }

    @Test func unchangedFollowerRejoiningAStableGroupGetsTheCurrentGenerationWithoutARebalance() {
        var group = G(groupId: "g", initialDelayMs: 300)
        let (leader, follower) = stableGroupOfTwo(&group)
        let again = joins(group.join(request(follower, client: "b"), call: 40, newMemberId: "", nowMs: 500))
        #expect(again[40]?.generation == 1 && again[40]?.leader == leader && again[40]?.members.isEmpty == true)
        #expect(group.phase == .stable)
        // Changed protocols do trigger a rebalance.
        #expect(group.join(request(follower, client: "b", protocols: ["range"]), call: 41, newMemberId: "", nowMs: 600).isEmpty)
        #expect(group.phase == .preparingRebalance)
        // So does the leader rejoining.
        var other = G(groupId: "h", initialDelayMs: 300)
        let (otherLeader, _) = stableGroupOfTwo(&other)
        #expect(other.join(request(otherLeader, client: "a"), call: 42, newMemberId: "", nowMs: 500).isEmpty)
        #expect(other.phase == .preparingRebalance)
    }
}
