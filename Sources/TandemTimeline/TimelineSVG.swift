import TandemAPI

/// Draws a `TimelinePicture` as one self-contained SVG (no scripts, fonts or links): panels stacked on
/// one time axis, a lane per container, bars per state, markers, the termination and grace-deadline
/// lines, a legend. Colours are Okabe–Ito's colour-blind-safe palette and every state and marker also
/// differs in shape or pattern, so the picture reads in greyscale too. Every element carries a
/// `<title>` (hover text in browsers). Written by hand: the SVG is a few hundred lines of
/// rectangles and text, which no available Swift library would make shorter.
public struct TimelineSVG {
    public var title: String
    public var width = 1000

    // Layout, in SVG pixels.
    static let labelWidth = 200
    static let rightPadding = 40
    static let laneHeight = 36
    static let barHeight = 16
    static let thinBarHeight = 6
    static let panelHeader = 30
    static let panelGap = 10

    // Okabe–Ito.
    static let black = "#000000"
    static let orange = "#E69F00"
    static let skyBlue = "#56B4E9"
    static let bluishGreen = "#009E73"
    static let yellow = "#F0E442"
    static let blue = "#0072B2"
    static let vermillion = "#D55E00"
    static let reddishPurple = "#CC79A7"
    static let grey = "#8C8C8C"

    public init(title: String) {
        self.title = title
    }

    var plotLeft: Int { Self.labelWidth }
    var plotRight: Int { width - Self.rightPadding }

    func x(_ at: Int64, _ picture: TimelinePicture) -> Double {
        let fraction = Double(max(0, min(at, picture.span))) / Double(max(1, picture.span))
        return Double(plotLeft) + fraction * Double(plotRight - plotLeft)
    }

    /// The SVG text with its size in pixels (what a PNG converter needs for its viewport).
    public struct Document: Sendable {
        public var text: String
        public var width: Int
        public var height: Int
    }

    public func render(_ picture: TimelinePicture) -> String { document(picture).text }

    public func document(_ picture: TimelinePicture) -> Document {
        var body = ""
        body.reserveCapacity(4096 + picture.panels.reduce(0) { $0 + $1.lanes.count * 600 })
        var y = 44
        var panelTops: [Int] = []
        for panel in picture.panels {
            panelTops.append(y)
            y += Self.panelHeader + panel.lanes.count * Self.laneHeight + Self.panelGap
        }
        let plotBottom = y
        let ticks = TimeAxis.ticks(span: picture.span)
        // Grid first, so everything else is drawn over it.
        body += "<g class=\"grid\" stroke=\"#E4E4E4\" stroke-width=\"1\">"
        for tick in ticks {
            let tx = fmt(x(tick, picture))
            body += "<line x1=\"\(tx)\" y1=\"40\" x2=\"\(tx)\" y2=\"\(plotBottom)\"/>"
        }
        body += "</g>\n"
        for (panel, top) in zip(picture.panels, panelTops) {
            body += renderPanel(panel, top: top, picture: picture)
        }
        // The axis.
        body += "<g class=\"axis\" font-size=\"11\" fill=\"#333333\">"
        body += "<line x1=\"\(plotLeft)\" y1=\"\(plotBottom)\" x2=\"\(plotRight)\" y2=\"\(plotBottom)\" stroke=\"#333333\"/>"
        for tick in ticks {
            let tx = fmt(x(tick, picture))
            body += "<line x1=\"\(tx)\" y1=\"\(plotBottom)\" x2=\"\(tx)\" y2=\"\(plotBottom + 5)\" stroke=\"#333333\"/>"
            body += "<text x=\"\(tx)\" y=\"\(plotBottom + 18)\" text-anchor=\"middle\">\(TimeAxis.label(tick))</text>"
        }
        body += "<text x=\"\(plotLeft - 8)\" y=\"\(plotBottom + 18)\" text-anchor=\"end\" fill=\"#666666\">time</text>"
        body += "</g>\n"
        let legendTop = plotBottom + 34
        let (legend, legendHeight) = renderLegend(top: legendTop)
        body += legend
        let height = legendTop + legendHeight + 8
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
        svg += "viewBox=\"0 0 \(width) \(height)\" font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\">\n"
        svg += "<title>\(XMLText.escape(title))</title>\n"
        svg += Self.definitions
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"#FFFFFF\"/>\n"
        svg += "<text x=\"12\" y=\"26\" font-size=\"16\" font-weight=\"bold\" fill=\"#222222\">\(XMLText.escape(title))</text>\n"
        svg += body
        svg += "</svg>\n"
        return Document(text: svg, width: width, height: height)
    }

    static let definitions = """
        <defs>
        <pattern id="hatch-terminating" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">\
        <rect width="6" height="6" fill="\(vermillion)"/><rect width="2" height="6" fill="#F6C9A8"/></pattern>
        <pattern id="hatch-backoff" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)">\
        <rect width="6" height="6" fill="#FFFFFF"/><rect width="1.5" height="6" fill="#9A9A9A"/></pattern>
        </defs>

        """

    func renderPanel(_ panel: TimelinePicture.Panel, top: Int, picture: TimelinePicture) -> String {
        var out = "<g class=\"panel\" data-kind=\"\(XMLText.escape(panel.kind))\" data-name=\"\(XMLText.escape(panel.name))\">\n"
        var heading = "\(panel.kind) \(panel.name)"
        if panel.namespace != "default" { heading = "\(panel.kind) \(panel.namespace)/\(panel.name)" }
        if let phase = panel.phase { heading += " · \(phase)" }
        out += "<text x=\"12\" y=\"\(top + 20)\" font-size=\"13\" font-weight=\"bold\" fill=\"#222222\">"
        out += "\(XMLText.escape(Self.truncated(heading, 60)))<title>\(XMLText.escape(heading))</title></text>\n"
        let lanesTop = top + Self.panelHeader
        out += "<line x1=\"8\" y1=\"\(lanesTop)\" x2=\"\(plotRight)\" y2=\"\(lanesTop)\" stroke=\"#CCCCCC\"/>\n"
        for (position, lane) in panel.lanes.enumerated() {
            out += renderLane(lane, centre: lanesTop + position * Self.laneHeight + Self.laneHeight / 2,
                              picture: picture, shaded: position % 2 == 1)
        }
        let lanesBottom = lanesTop + panel.lanes.count * Self.laneHeight
        var labelEnds: [Double] = []
        for line in panel.lines.sorted(by: { $0.at < $1.at }) {
            let lx = x(line.at, picture)
            let (colour, dash, words) = line.kind == .terminationStart
                ? (Self.blue, "6 3", "termination") : (Self.black, "2 2", "grace deadline")
            out += "<g class=\"line \(line.kind == .terminationStart ? "termination-start" : "grace-deadline")\">"
            out += "<title>\(XMLText.escape(line.detail))</title>"
            out += "<line x1=\"\(fmt(lx))\" y1=\"\(top + 6)\" x2=\"\(fmt(lx))\" y2=\"\(lanesBottom)\" stroke=\"\(colour)\" "
            out += "stroke-width=\"1.8\" stroke-dasharray=\"\(dash)\"/>"
            // Labels sit in the panel's header row, flipped to the left of the line near the right edge
            // and nudged down when they would overlap the previous one.
            let estimated = Double(words.count) * 6.2
            let leftward = lx + 4 + estimated > Double(plotRight)
            let start = leftward ? lx - 4 - estimated : lx + 4
            let row = labelEnds.contains(where: { $0 > start - 4 }) ? 1 : 0
            labelEnds.append(start + estimated)
            out += "<text x=\"\(fmt(leftward ? lx - 4 : lx + 4))\" y=\"\(top + 14 + row * 11)\" font-size=\"10.5\" "
            out += "fill=\"\(colour)\" text-anchor=\"\(leftward ? "end" : "start")\">\(words)</text></g>\n"
        }
        out += "</g>\n"
        return out
    }

    func renderLane(_ lane: TimelinePicture.Lane, centre: Int, picture: TimelinePicture, shaded: Bool) -> String {
        var out = "<g class=\"lane\" data-container=\"\(XMLText.escape(lane.name))\" data-role=\"\(lane.role.rawValue)\">"
        let laneTop = centre - Self.laneHeight / 2
        if shaded {
            out += "<rect x=\"8\" y=\"\(laneTop)\" width=\"\(plotRight - 8)\" height=\"\(Self.laneHeight)\" fill=\"#F7F7F7\"/>"
        }
        out += "<text x=\"16\" y=\"\(centre + 4)\" font-size=\"12.5\" fill=\"#111111\">"
        out += "\(XMLText.escape(Self.truncated(lane.name, 18)))<title>\(XMLText.escape(lane.name))</title></text>"
        out += "<text x=\"\(plotLeft - 10)\" y=\"\(centre + 4)\" font-size=\"11\" font-style=\"italic\" fill=\"#666666\" "
        out += "text-anchor=\"end\">\(lane.role.rawValue)</text>\n"
        for bar in lane.bars {
            out += renderBar(bar, centre: centre, picture: picture)
        }
        var labelEnds: [Double] = [-1, -1]
        for marker in lane.markers {
            out += renderMarker(marker, centre: centre, picture: picture, labelEnds: &labelEnds)
        }
        out += "</g>\n"
        return out
    }

    func renderBar(_ bar: TimelinePicture.Bar, centre: Int, picture: TimelinePicture) -> String {
        let x0 = x(bar.from, picture)
        let x1 = max(x(bar.to, picture), x0 + 0.8)
        let width = x1 - x0
        var out = "<g class=\"bar \(bar.state.rawValue)\"><title>\(XMLText.escape(bar.detail))</title>"
        switch bar.state {
        case .exited:
            out += "<line x1=\"\(fmt(x0))\" y1=\"\(centre)\" x2=\"\(fmt(x1))\" y2=\"\(centre)\" stroke=\"\(Self.grey)\" "
            out += "stroke-width=\"2\"/>"
        case .waiting:
            let h = Self.thinBarHeight
            out += "<rect x=\"\(fmt(x0))\" y=\"\(centre - h / 2)\" width=\"\(fmt(width))\" height=\"\(h)\" "
            out += "fill=\"#D9D9D9\"/>"
        default:
            let h = Self.barHeight
            let fill: String
            switch bar.state {
            case .backOff: fill = "url(#hatch-backoff)"
            case .starting: fill = Self.yellow
            case .started: fill = Self.skyBlue
            case .ready: fill = Self.bluishGreen
            case .terminating: fill = "url(#hatch-terminating)"
            case .waiting, .exited: fill = "#D9D9D9"
            }
            let stroke = bar.state == .backOff ? " stroke=\"#666666\" stroke-dasharray=\"3 2\"" : " stroke=\"#FFFFFF\" stroke-width=\"0.5\""
            out += "<rect x=\"\(fmt(x0))\" y=\"\(centre - h / 2)\" width=\"\(fmt(width))\" height=\"\(h)\" fill=\"\(fill)\"\(stroke)/>"
            if let label = bar.label, Double(label.count) * 6.3 + 6 < width {
                let textColour = bar.state == .ready ? "#FFFFFF" : "#000000"
                let halo = bar.state == .terminating
                    ? " stroke=\"#FFFFFF\" stroke-width=\"2.5\" paint-order=\"stroke\"" : ""
                out += "<text x=\"\(fmt(x0 + 4))\" y=\"\(centre + 4)\" font-size=\"10.5\" fill=\"\(textColour)\"\(halo)>"
                out += "\(XMLText.escape(label))</text>"
            }
        }
        out += "</g>"
        return out
    }

    /// `labelEnds`: where the last Job-event label above and below the lane ended, so the next one takes
    /// the free row (and flips to the left of its marker at the right edge).
    func renderMarker(_ marker: TimelinePicture.Marker, centre: Int, picture: TimelinePicture,
                      labelEnds: inout [Double]) -> String {
        let mx = x(marker.at, picture)
        let c = Double(centre)
        var out = "<g class=\"marker \(Self.markerClass(marker.kind))\"><title>\(XMLText.escape(marker.detail))</title>"
        switch marker.kind {
        case .sigterm:
            out += "<path d=\"M\(fmt(mx - 5.5)) \(fmt(c - 17))L\(fmt(mx + 5.5)) \(fmt(c - 17))L\(fmt(mx)) \(fmt(c - 8))Z\" "
            out += "fill=\"\(Self.blue)\" stroke=\"#FFFFFF\" stroke-width=\"0.8\"/>"
            if let label = marker.label {
                out += "<text x=\"\(fmt(mx + 7))\" y=\"\(fmt(c - 9))\" font-size=\"9.5\" fill=\"\(Self.blue)\">"
                out += "\(XMLText.escape(label))</text>"
            }
        case .sigkill:
            let s = 5.0
            let path = "M\(fmt(mx - s)) \(fmt(c - s))L\(fmt(mx + s)) \(fmt(c + s))M\(fmt(mx - s)) \(fmt(c + s))L\(fmt(mx + s)) \(fmt(c - s))"
            out += "<path d=\"\(path)\" stroke=\"#FFFFFF\" stroke-width=\"5\"/>"
            out += "<path d=\"\(path)\" stroke=\"\(Self.black)\" stroke-width=\"2.4\"/>"
        case .exit:
            out += "<line x1=\"\(fmt(mx))\" y1=\"\(fmt(c - 9))\" x2=\"\(fmt(mx))\" y2=\"\(fmt(c + 9))\" stroke=\"\(Self.black)\" "
            out += "stroke-width=\"1.5\"/>"
            if let label = marker.label {
                out += "<text x=\"\(fmt(mx + 3))\" y=\"\(fmt(c + 16.5))\" font-size=\"9.5\" fill=\"#000000\">"
                out += "\(XMLText.escape(label))</text>"
            }
        case .probeFailure:
            out += "<path d=\"M\(fmt(mx)) \(fmt(c + 7))L\(fmt(mx + 4.5)) \(fmt(c + 12))L\(fmt(mx)) \(fmt(c + 17))"
            out += "L\(fmt(mx - 4.5)) \(fmt(c + 12))Z\" fill=\"\(Self.reddishPurple)\" stroke=\"#000000\" stroke-width=\"0.6\"/>"
        case .failed:
            out += "<rect x=\"\(fmt(mx - 4))\" y=\"\(fmt(c - 4))\" width=\"8\" height=\"8\" fill=\"\(Self.reddishPurple)\" "
            out += "stroke=\"#000000\" stroke-width=\"1\"/>"
        case .preStopFinished:
            out += "<circle cx=\"\(fmt(mx))\" cy=\"\(fmt(c))\" r=\"3\" fill=\"#FFFFFF\" stroke=\"#000000\" stroke-width=\"1.2\"/>"
        case .jobEvent:
            out += "<circle cx=\"\(fmt(mx))\" cy=\"\(fmt(c))\" r=\"4.5\" fill=\"\(Self.blue)\" stroke=\"#FFFFFF\"/>"
            if let label = marker.label.map({ Self.truncated(Self.jobWord($0), 24) }) {
                let estimated = Double(label.count) * 6.1
                let leftward = mx + 7 + estimated > Double(width - 4)
                let start = leftward ? mx - 7 - estimated : mx + 7
                let row = labelEnds[0] < start - 3 ? 0 : (labelEnds[1] < start - 3 ? 1 : 0)
                labelEnds[row] = start + estimated
                out += "<text x=\"\(fmt(leftward ? mx - 7 : mx + 7))\" y=\"\(fmt(row == 0 ? c - 6 : c + 14))\" "
                out += "font-size=\"10\" fill=\"#222222\" text-anchor=\"\(leftward ? "end" : "start")\">"
                out += "\(XMLText.escape(label))</text>"
            }
        }
        out += "</g>"
        return out
    }

    /// Short words for the Job controller's reasons on its lane (the full event is in the hover text).
    static func jobWord(_ reason: String) -> String {
        switch reason {
        case "SuccessfulCreate": "pod created"
        case "SuccessfulDelete": "pod deleted"
        case "RetryScheduled": "retry"
        case "Completed": "completed"
        default: reason
        }
    }

    static func markerClass(_ kind: TimelinePicture.MarkerKind) -> String {
        switch kind {
        case .sigterm: "sigterm"
        case .sigkill: "sigkill"
        case .probeFailure: "probe-failure"
        case .exit: "exit"
        case .failed: "failed"
        case .preStopFinished: "prestop-finished"
        case .jobEvent: "job-event"
        }
    }

    func renderLegend(top: Int) -> (String, Int) {
        var out = "<g class=\"legend\" font-size=\"11\" fill=\"#222222\">\n"
        let items: [(String, String)] = [
            ("waiting", "<rect x=\"0\" y=\"5\" width=\"18\" height=\"6\" fill=\"#D9D9D9\"/>"),
            ("back-off", "<rect x=\"0\" y=\"0\" width=\"18\" height=\"16\" fill=\"url(#hatch-backoff)\" stroke=\"#666666\" stroke-dasharray=\"3 2\"/>"),
            ("starting", "<rect x=\"0\" y=\"0\" width=\"18\" height=\"16\" fill=\"\(Self.yellow)\"/>"),
            ("running", "<rect x=\"0\" y=\"0\" width=\"18\" height=\"16\" fill=\"\(Self.skyBlue)\"/>"),
            ("ready", "<rect x=\"0\" y=\"0\" width=\"18\" height=\"16\" fill=\"\(Self.bluishGreen)\"/>"),
            ("terminating", "<rect x=\"0\" y=\"0\" width=\"18\" height=\"16\" fill=\"url(#hatch-terminating)\"/>"),
            ("exited", "<line x1=\"0\" y1=\"8\" x2=\"18\" y2=\"8\" stroke=\"\(Self.grey)\" stroke-width=\"2\"/>"),
            ("SIGTERM", "<path d=\"M3.5 0L14.5 0L9 9Z\" fill=\"\(Self.blue)\"/>"),
            ("SIGKILL", "<path d=\"M4 3L14 13M4 13L14 3\" stroke=\"#000000\" stroke-width=\"2.4\"/>"),
            ("exit (code)", "<line x1=\"9\" y1=\"0\" x2=\"9\" y2=\"16\" stroke=\"#000000\" stroke-width=\"1.5\"/>"),
            ("probe failed", "<path d=\"M9 3L13.5 8L9 13L4.5 8Z\" fill=\"\(Self.reddishPurple)\" stroke=\"#000000\" stroke-width=\"0.6\"/>"),
            ("hook/start failed", "<rect x=\"5\" y=\"4\" width=\"8\" height=\"8\" fill=\"\(Self.reddishPurple)\" stroke=\"#000000\"/>"),
            ("preStop done", "<circle cx=\"9\" cy=\"8\" r=\"3\" fill=\"#FFFFFF\" stroke=\"#000000\" stroke-width=\"1.2\"/>"),
            ("termination", "<line x1=\"9\" y1=\"0\" x2=\"9\" y2=\"16\" stroke=\"\(Self.blue)\" stroke-width=\"1.8\" stroke-dasharray=\"6 3\"/>"),
            ("grace deadline", "<line x1=\"9\" y1=\"0\" x2=\"9\" y2=\"16\" stroke=\"#000000\" stroke-width=\"1.8\" stroke-dasharray=\"2 2\"/>"),
        ]
        var cx = 12
        var row = 0
        for (words, swatch) in items {
            let itemWidth = 28 + Int(Double(words.count) * 6.4) + 14
            if cx + itemWidth > width - 8 {
                cx = 12
                row += 1
            }
            let y = top + row * 24
            out += "<g transform=\"translate(\(cx),\(y))\">\(swatch)<text x=\"24\" y=\"12\">\(words)</text></g>\n"
            cx += itemWidth
        }
        out += "</g>\n"
        return (out, (row + 1) * 24)
    }

    static func truncated(_ text: String, _ limit: Int) -> String {
        text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }

    /// Coordinates with at most one decimal: shorter files, same picture.
    func fmt(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        let whole = Int(tenths) / 10
        let fraction = abs(Int(tenths)) % 10
        if fraction == 0 { return String(whole) }
        return tenths < 0 && whole == 0 ? "-0.\(fraction)" : "\(whole).\(fraction)"
    }
}
