// The registered fixture kinds. Adding a kind: write its type in its own file, then add it
// to this list.
let registeredFixtureKinds: [any Fixture.Type] = [
    FloorFixture.self,
    WorkbenchFixture.self,
    TableFixture.self,
    BinFixture.self,
    ToteFixture.self,
    ShelfFixture.self,
    PalletFixture.self,
    CartFixture.self,
    ConveyorFixture.self,
    MachineFixture.self,
    PegFixture.self,
    InspectionPanelFixture.self,
]
