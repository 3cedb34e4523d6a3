// Temporary: keeps the package loadable until this target's real files land; the lead removes it.
@main struct Placeholder { static func main() {} }
