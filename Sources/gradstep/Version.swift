/// gradstep's version: the one place it is written. A release is tagged `v` + this (see CONTRIBUTING.md).
enum Version {
    static let current = "0.2.0"
}
