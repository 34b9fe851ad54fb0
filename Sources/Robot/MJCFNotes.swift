// What the MJCF importer ignored, approximated or defaulted. Each kind of thing is noted
// once, at its first occurrence, with a count of further occurrences, so a model with
// eighty <site> elements gets one line about sites rather than eighty.
struct MJCFNotes {
    private var order: [String] = []
    private var notes: [String: ImportNote] = [:]
    private var repeats: [String: Int] = [:]

    /// Notes `message` under `kind` unless that kind was noted before (then counts it).
    mutating func once(_ kind: String, at location: MJCFLocation, _ message: String) {
        if notes[kind] == nil {
            order.append(kind)
            notes[kind] = location.note(message)
        } else {
            repeats[kind, default: 0] += 1
        }
    }

    /// Notes an element kind the importer does not turn into anything.
    mutating func unsupported(_ element: MJCFElement, _ why: String) {
        once("element.\(element.name)", at: element.location, "<\(element.name)> is not imported: \(why)")
    }

    func contains(_ kind: String) -> Bool { notes[kind] != nil }

    /// The notes in the order their kinds first occurred.
    var all: [ImportNote] {
        order.compactMap { kind in
            guard var note = notes[kind] else { return nil }
            if let more = repeats[kind], more > 0 {
                note.message += " (and \(more) more like it)"
            }
            return note
        }
    }
}
