// The registered tasks, in `tground list` order.
let registeredTaskTypes: [any Task.Type] = [
    StandPushTask.self,
    ConveyorSortTask.self,
    WalkToStationTask.self,
    PickPlaceTask.self,
    ToteTransferTask.self,
    PalletizeTask.self,
    PegInsertTask.self,
    MachineTendTask.self,
    PanelInspectTask.self,
]
