// The registered tasks, in `tground list` order.
let registeredTaskTypes: [any Task.Type] = [
    StandPushTask.self,
]
