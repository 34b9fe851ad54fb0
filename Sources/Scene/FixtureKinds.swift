// The registered fixture kinds. Adding a kind: write its type in its own file, then add it
// to this list.
let registeredFixtureKinds: [any Fixture.Type] = []
