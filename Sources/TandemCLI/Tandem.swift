public func tandemMain() {}
