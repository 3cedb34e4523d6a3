/// Running a compiled script's global-level code.
extension Runtime {
    /// Runs the script; afterwards copies its global-level variables into `scope` (if given)
    /// and returns the values of its exported variables. A script run `inCallerContext` (by
    /// `eval`) keeps the caller's functions and source name.
    func runMain(_ ast: AST, writeBackTo target: Scope?, inCallerContext: Bool = false) throws(Interrupt) -> (value: Dynamic, exports: [String: Dynamic]) {
        let function = ast.main
        let savedLibrary = library
        let savedSource = source
        let savedFrame = frame
        let savedCells = cells
        let (newFrame, mark) = pushFrame(function.frameSize)
        if !inCallerContext {
            library = ast.library
            source = ast.source
        }
        frame = newFrame
        let cellCount = max(function.frameSize, 1)
        if function.hasSharedVariables {
            let newCells = UnsafeMutablePointer<SharedCell?>.allocate(capacity: cellCount)
            newCells.initialize(repeating: nil, count: cellCount)
            cells = newCells
        } else {
            cells = nil
        }
        defer {
            if let allocated = cells {
                allocated.deinitialize(count: cellCount)
                allocated.deallocate()
            }
            cells = savedCells
            frame = savedFrame
            library = savedLibrary
            source = savedSource
            popFrame(newFrame, function.frameSize, mark)
        }
        var value: Dynamic
        do {
            value = try function.body.eval(self)
        } catch {
            switch error {
            case .returnValue(let returned), .exit(let returned): value = returned
            default: throw error
            }
        }
        if let target {
            for decl in ast.globals {
                if decl.isConstant {
                    target.pushConstant(decl.name, currentValue(of: decl))
                } else {
                    target.push(decl.name, currentValue(of: decl))
                }
            }
        }
        var exports: [String: Dynamic] = [:]
        for export in ast.exports { exports[export.name] = currentValue(of: export.decl) }
        return (value, exports)
    }

    private func currentValue(of decl: VariableDecl) -> Dynamic {
        decl.isShared ? (cells?[decl.slot]?.value ?? .unit) : frame[decl.slot]
    }
}
