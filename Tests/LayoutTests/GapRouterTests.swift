import Testing
@testable import Layout

@Suite struct GapRouterTests {
    private func net(_ source: Int, _ rows: [Int]) -> GapRouter.Net {
        GapRouter.Net(source: source, sourceRow: source, targetRows: rows)
    }

    @Test func straightNetsTakeNoTrack() {
        let (nets, tracks) = GapRouter.route([net(2, [2]), net(6, [6])])
        #expect(tracks == 0)
        #expect(nets.allSatisfy { $0.track == nil })
    }

    @Test func overlappingTrunksTakeSeparateTracks() {
        let (nets, tracks) = GapRouter.route([net(1, [3, 8]), net(4, [6, 10])])
        #expect(tracks == 2)
        #expect(nets[0].track != nets[1].track)
    }

    @Test func disjointTrunksShareATrack() {
        let (nets, tracks) = GapRouter.route([net(1, [3]), net(6, [9])])
        #expect(tracks == 1 && nets.map(\.track) == [0, 0])
    }

    @Test func aNetLeavingWhereAnotherArrivesStaysLeftOfIt() {
        // Net A leaves on row 5, where net B arrives: A's horizontal must end before B's begins.
        let (nets, _) = GapRouter.route([net(5, [1]), net(3, [5, 9])])
        #expect(nets[0].track! < nets[1].track!)
    }

    @Test func aCycleOfConstraintsIsBrokenWithADoglegThroughAFreeRow() {
        // A leaves on 5 and arrives on 10; B leaves on 10 and arrives on 5: each must be left of the other.
        let (nets, tracks) = GapRouter.route([net(5, [10]), net(10, [5])])
        let doglegs = nets.compactMap(\.dogleg)
        #expect(doglegs.count == 1)
        #expect(tracks == 3)
        let bent = nets.first { $0.dogleg != nil }!, other = nets.first { $0.dogleg == nil }!
        // The first half is left of the other net, the second half right of it.
        #expect(bent.dogleg!.track < other.track!)
        #expect(other.track! < bent.track!)
        #expect(![5, 10].contains(bent.dogleg!.row))
    }
}
