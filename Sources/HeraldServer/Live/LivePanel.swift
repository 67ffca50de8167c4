import Foundation
import HeraldDelivery

/// The live layer's HTML: the panel `herald serve` adds to each event page, and the trace page. Every value from
/// records, headers, the catalog or the registry is escaped, so hostile bytes render as text.
public enum LivePanel {
    static func escape(_ text: String) -> String { LivePage.escape(text) }

    /// The whole panel: the publish form, then the data part the script refreshes.
    public static func panel(_ event: LiveCatalog.Event, layer: LiveLayer) -> String {
        var html = "<section id=\"herald-live\" class=\"live-panel\" aria-label=\"Live\" data-event=\"\(escape(event.name))\" "
            + "data-topic=\"\(escape(event.topic))\" data-dlq=\"\(escape(event.deadLetterTopic ?? ""))\">\n"
        html += style
        html += "<h2>Live on <code>\(escape(event.topic))</code></h2>\n"
        html += publishForm(event)
        html += "<div id=\"herald-live-data\">\n" + data(event, layer: layer) + "</div>\n"
        html += "</section>\n<script src=\"/assets/live.js\"></script>\n"
        return html
    }

    /// The panel's own styles, scoped to it, so the site's stylesheet (shared with the static site) stays as it is.
    static let style = """
        <style>
        #herald-live{margin:1.5rem 0;padding:1rem;border:1px solid #c9d3dc;border-radius:6px}
        #herald-live table{border-collapse:collapse;width:100%;font-size:.85rem;table-layout:auto}
        #herald-live th,#herald-live td{vertical-align:top;text-align:left;padding:.3rem .4rem;border-bottom:1px solid #e1e6eb}
        #herald-live td.mono,#herald-live dd,#herald-live summary{overflow-wrap:anywhere}
        #herald-live dl{margin:0}#herald-live dt{font-weight:600}#herald-live dd{margin:0 0 .3rem 0}
        #herald-live pre{max-height:24rem;overflow:auto;margin:.3rem 0 0}
        #herald-live textarea{width:100%;font-family:ui-monospace,monospace}
        #herald-live .live-invalid{color:#b00020}#herald-live .live-valid{color:#0a7a2f}
        </style>

        """

    /// The publish form: an example picker and the JSON datum.
    static func publishForm(_ event: LiveCatalog.Event) -> String {
        var html = "<form id=\"herald-publish\" class=\"live-publish\" data-action=\"/_live/publish/\(escape(percentEncoded(event.name)))\">\n"
        html += "<p><label for=\"herald-example\">Example</label> <select id=\"herald-example\">"
        for (index, example) in event.examples.enumerated() {
            let label = example.meantInvalid ? "\(example.file) (meant to be invalid)" : example.file
            html += "<option value=\"\(index)\" data-json=\"\(escape(example.text))\">\(escape(label))</option>"
        }
        html += "</select></p>\n"
        html += "<p><label for=\"herald-datum\">Datum (JSON)</label><br><textarea id=\"herald-datum\" rows=\"14\" cols=\"80\" spellcheck=\"false\">"
        html += escape(event.examples.first { !$0.meantInvalid }?.text ?? event.examples.first?.text ?? "{}")
        html += "</textarea></p>\n"
        html += "<p><button type=\"submit\">Publish</button> <output id=\"herald-publish-result\" role=\"status\"></output></p>\n</form>\n"
        return html
    }

    /// The recent records, the refused attempts, the dead-letter topic's records, and (when `serve --deliver` runs)
    /// the delivery state per consuming service and the event's alerts.
    public static func data(_ event: LiveCatalog.Event, layer: LiveLayer) -> String {
        let records = layer.records(topic: event.topic) ?? []
        var html = "<h3>Recent records <span class=\"live-count\">(\(records.count))</span></h3>\n"
        html += records.isEmpty ? "<p class=\"live-empty\">No records on this topic yet.</p>\n" : recordTable(records, id: "herald-records")
        let refused = layer.refused(topic: event.topic)
        html += "<h3>Refused attempts <span class=\"live-count\">(\(refused.count))</span></h3>\n"
        if refused.isEmpty {
            html += "<p class=\"live-empty\">No produce attempt was refused.</p>\n"
        } else {
            html += "<ol id=\"herald-refusals\" class=\"live-refusals\">\n"
            for refusal in refused {
                html += "<li><time>\(escape(timeText(refusal.time)))</time> partition \(refusal.partition): "
                html += "<span class=\"live-refusal-message\">\(escape(refusal.message))</span>"
                html += recordTable(refusal.records, id: nil)
                html += "</li>\n"
            }
            html += "</ol>\n"
        }
        if let dlq = event.deadLetterTopic {
            let dead = layer.records(topic: dlq) ?? []
            html += "<h3>Dead letters on <code>\(escape(dlq))</code> <span class=\"live-count\">(\(dead.count))</span></h3>\n"
            html += dead.isEmpty ? "<p class=\"live-empty\">No dead letters.</p>\n" : recordTable(dead, id: "herald-dead-letters")
        }
        if layer.deliveries != nil {
            html += deliveries(event, services: layer.deliveryStatus(event: event.name), alerts: layer.alerts(event: event.name))
        }
        return html
    }

    /// Each consuming service's counts and the state of its partitions of the event's topic, then the event's alerts.
    static func deliveries(_ event: LiveCatalog.Event, services: [ServiceDeliveryStatus], alerts: [DeliveryAlert]) -> String {
        var html = "<h3>Deliveries <span class=\"live-count\">(\(services.count) service\(services.count == 1 ? "" : "s"))</span></h3>\n"
        if services.isEmpty {
            html += "<p class=\"live-empty\">No simulated service consumes this event (<code>herald serve --deliver SERVICE=URL</code>).</p>\n"
        } else {
            html += "<table class=\"live-deliveries\" id=\"herald-deliveries\">\n<thead><tr><th>service</th><th>delivered</th><th>retrying</th>"
                + "<th>retries</th><th>dead-lettered</th><th>duplicates</th><th>partitions</th><th>last failure</th></tr></thead>\n<tbody>\n"
            for service in services {
                html += "<tr class=\"live-delivery-service\" data-service=\"\(escape(service.service))\">"
                html += "<td><strong>\(escape(service.service))</strong><br><span class=\"mono\">\(escape(service.url))</span></td>"
                html += "<td class=\"live-delivered\">\(service.delivered)</td>"
                html += "<td class=\"live-retrying\">\(service.retrying)</td><td class=\"live-retries\">\(service.retries)</td>"
                html += "<td class=\"live-dead-lettered\">\(service.deadLettered)</td><td class=\"live-duplicates\">\(service.duplicates)</td><td>"
                for partition in service.partitions where partition.topic == event.topic {
                    html += "<div class=\"live-delivery-partition\" data-partition=\"\(partition.partition)\">partition \(partition.partition): next offset \(partition.nextOffset)"
                    if partition.failures > 0 {
                        html += "; <span class=\"live-invalid\">retrying, attempt \(partition.failures + 1)"
                        if let at = partition.retryAt { html += " at <time>\(escape(timeText(at)))</time>" }
                        html += "</span>"
                    }
                    html += "</div>"
                }
                html += "</td><td class=\"mono\">\(escape(service.lastFailure ?? ""))</td></tr>\n"
            }
            html += "</tbody></table>\n"
        }
        html += "<h3>Alerts <span class=\"live-count\">(\(alerts.count))</span></h3>\n"
        if alerts.isEmpty {
            html += "<p class=\"live-empty\">No delivery alert for this event.</p>\n"
        } else {
            html += "<ol id=\"herald-alerts\" class=\"live-alerts\">\n"
            for alert in alerts {
                html += "<li class=\"live-alert\" data-alert=\"\(alert.id)\"><time>\(escape(timeText(alert.time)))</time> "
                html += "<span class=\"live-invalid\">\(escape(alert.message))</span>"
                if !alert.reason.isEmpty { html += ": <q>\(escape(alert.reason))</q>" }
                html += "</li>\n"
            }
            html += "</ol>\n"
        }
        return html
    }

    static func recordTable(_ records: [LiveRecord], id: String?) -> String {
        var html = "<table class=\"live-records\"\(id.map { " id=\"\(escape($0))\"" } ?? "")>\n<thead><tr><th>offset</th><th>partition</th>"
            + "<th>timestamp</th><th>key</th><th>headers</th><th>schema</th><th>value</th><th>validation</th></tr></thead>\n<tbody>\n"
        for record in records {
            html += "<tr class=\"live-record\" data-partition=\"\(record.partition)\" data-offset=\"\(record.offset)\">"
            html += "<td class=\"mono\">\(record.offset >= 0 ? String(record.offset) : "refused")</td><td>\(record.partition)</td>"
            html += "<td><time>\(escape(timeText(record.timestamp)))</time></td>"
            html += "<td class=\"mono\">\(record.key.map { escape(LiveBytes.shown($0).text) } ?? "<em>null</em>")</td>"
            html += "<td>" + headerList(record) + "</td>"
            html += "<td>\(schemaText(record))</td>"
            if let json = record.json {
                let preview = json.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
                html += "<td><details><summary class=\"mono\">\(escape(String(preview.prefix(100))))\(preview.count > 100 ? " …" : "")</summary>"
                html += "<pre class=\"live-value\"><code>\(escape(json))</code></pre></details></td>"
            } else {
                html += "<td class=\"live-undecoded\">\(escape(record.decodeProblem ?? ""))"
                if let raw = record.undecodedValue {
                    let shown = LiveBytes.shown(Array(raw.prefix(2_048))).text + (raw.count > 2_048 ? " …" : "")
                    html += "<pre class=\"live-value\"><code>\(escape(shown))</code></pre>"
                }
                html += "</td>"
            }
            html += "<td>\(validationText(record.validation))</td></tr>\n"
        }
        return html + "</tbody></table>\n"
    }

    static func headerList(_ record: LiveRecord) -> String {
        guard !record.headers.isEmpty else { return "" }
        var html = "<dl class=\"live-headers\">"
        for header in record.headers {
            html += "<dt class=\"mono\">\(escape(header.key))</dt><dd class=\"mono\">"
            if header.key == TraceParent.headerKey, let traceID = record.traceID {
                html += "<a class=\"live-trace\" href=\"/_live/trace/\(traceID)\">trace \(traceID)</a>"
            } else {
                html += header.value.map { escape(LiveBytes.shown($0).text) } ?? "<em>null</em>"
            }
            html += "</dd>"
        }
        return html + "</dl>"
    }

    static func schemaText(_ record: LiveRecord) -> String {
        guard let id = record.schemaID else { return "" }
        var text = "id \(id)"
        if let subject = record.subject, let version = record.schemaVersion { text += ", \(escape(subject)) v\(version)" }
        return text
    }

    static func validationText(_ validation: LiveRecord.Validation) -> String {
        switch validation {
        case .valid: "<span class=\"live-valid\">valid</span>"
        case .invalid(let rule, let message):
            "<span class=\"live-invalid\"><strong>\(escape(rule))</strong> \(escape(message))</span>"
        case .notChecked: "<span class=\"live-unchecked\">not checked</span>"
        }
    }

    /// The trace page: every record, refusal and delivery step carrying the trace ID, in time order.
    public static func tracePage(_ traceID: String, steps: [TraceStep], catalog: LiveCatalog) -> String {
        var html = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Trace \(escape(traceID)) · Herald</title>"
            + "<link rel=\"stylesheet\" href=\"/assets/site.css\"></head><body><main id=\"content\" class=\"page trace-page\">\n"
        html += "<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><ol><li><a href=\"/index.html\">Catalog</a></li><li aria-current=\"page\">trace</li></ol></nav>\n"
        html += "<h1>Trace <code id=\"herald-trace-id\">\(escape(traceID))</code></h1>\n"
        if steps.isEmpty {
            html += "<p class=\"live-empty\">No recent record, refused attempt or delivery carries this trace.</p>\n"
        } else {
            html += "<ol id=\"herald-trace\" class=\"live-trace-steps\">\n"
            for step in steps {
                var topic = step.record?.topic ?? ""
                if case .delivery(let delivery) = step.kind { topic = delivery.topic }
                html += "<li class=\"live-trace-step\" data-topic=\"\(escape(topic))\"><time>\(escape(timeText(step.time)))</time> "
                if let name = step.event, let page = catalog.events[name]?.page {
                    html += "<a href=\"/\(escape(page))\">\(escape(name))</a> "
                }
                switch step.kind {
                case .stored(let record):
                    html += "on <code>\(escape(record.topic))</code> partition \(record.partition) offset \(record.offset)"
                    html += recordTable([record], id: nil)
                case .refused(let record, let message):
                    html += "on <code>\(escape(record.topic))</code> partition \(record.partition)"
                    html += " <strong class=\"live-invalid\">refused</strong>: \(escape(message))"
                    html += recordTable([record], id: nil)
                case .delivery(let delivery):
                    html += "<span class=\"live-delivery live-delivery-\(escape(delivery.outcome.rawValue))\">"
                        + "<strong>\(escape(delivery.outcome.rawValue))</strong> \(escape(delivery.message))"
                    if let reason = delivery.reason, !reason.isEmpty { html += ": <q>\(escape(reason))</q>" }
                    html += "</span>"
                }
                html += "</li>\n"
            }
            html += "</ol>\n"
        }
        return html + "</main></body></html>\n"
    }

    /// `ms` as an ISO 8601 UTC time with milliseconds.
    static func timeText(_ ms: Int64) -> String {
        guard ms >= 0 else { return "no timestamp" }
        let date = Date(timeIntervalSince1970: Double(ms) / 1000)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day))T\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))."
            + String(format: "%03d", Int(ms % 1000)) + "Z"
    }

    /// `name` safe in a URL path segment (event names are letters, digits, dots, dashes and underscores in practice).
    static func percentEncoded(_ name: String) -> String {
        name.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "._-~"))) ?? name
    }

    /// `page` with the panel placed before the event page's main split (or before `</main>`, or at the end).
    public static func insert(_ panel: String, into page: String) -> String {
        for marker in ["<div class=\"split\">", "</main>", "</body>"] {
            if let range = page.range(of: marker) {
                return page.replacingCharacters(in: range.lowerBound..<range.lowerBound, with: panel)
            }
        }
        return page + panel
    }
}
