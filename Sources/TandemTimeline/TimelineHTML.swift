/// The SVG in a self-contained HTML page: hovering a bar, marker or line shows its details (the SVG's
/// `<title>`s) in a box that follows the pointer, and every event is listed in a table below.
public enum TimelineHTML {
    public static func page(title: String, svg: String, events: [TimelineEvent], origin: Int64) -> String {
        var rows = ""
        for event in events.sorted(by: { $0.at < $1.at }) {
            let container = event.container.map(\.name) ?? ""
            rows += "<tr><td>\(XMLText.escape(TimeText.format(event.at - origin)))</td>"
            rows += "<td>\(XMLText.escape(event.objectKind)) \(XMLText.escape(event.objectName))</td>"
            rows += "<td>\(XMLText.escape(container))</td><td>\(XMLText.escape(event.reason))</td>"
            rows += "<td>\(XMLText.escape(event.message))</td></tr>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(XMLText.escape(title))</title>
            <style>
            body { font-family: DejaVu Sans, Verdana, Arial, sans-serif; margin: 16px; color: #222; }
            svg .bar:hover, svg .marker:hover, svg .line:hover { opacity: 0.75; cursor: default; }
            #tip { position: fixed; display: none; background: #222; color: #fff; padding: 4px 8px;
                   border-radius: 4px; font-size: 12px; pointer-events: none; max-width: 480px; }
            table { border-collapse: collapse; font-size: 12px; margin-top: 12px; }
            td, th { border-bottom: 1px solid #ddd; padding: 2px 8px; text-align: left; vertical-align: top; }
            </style></head>
            <body>
            \(svg)
            <div id="tip"></div>
            <details><summary>All \(events.count) events</summary>
            <table><tr><th>time</th><th>object</th><th>container</th><th>reason</th><th>message</th></tr>
            \(rows)</table></details>
            <script>
            const tip = document.getElementById('tip');
            document.querySelectorAll('svg g.bar, svg g.marker, svg g.line, svg text').forEach(el => {
              const title = el.querySelector(':scope > title');
              if (!title) return;
              el.addEventListener('mousemove', e => {
                tip.textContent = title.textContent; tip.style.display = 'block';
                tip.style.left = (e.clientX + 12) + 'px'; tip.style.top = (e.clientY + 12) + 'px';
              });
              el.addEventListener('mouseleave', () => { tip.style.display = 'none'; });
            });
            </script>
            </body></html>

            """
    }
}
