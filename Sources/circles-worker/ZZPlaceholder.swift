// Temporary: keeps the package loadable until this target's real files land; delete me when adding the first real file.
@main struct Placeholder { static func main() {} }
