/// Resource name (`cpu`, `memory`, `hugepages-2Mi`, …) to quantity, as in `resources.requests`.
public typealias ResourceList = [String: Quantity]
