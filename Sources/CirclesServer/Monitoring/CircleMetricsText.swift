import CirclesCore

/// The per-circle families of `GET /metrics` in Prometheus' text format, from a snapshot of
/// Redis (labels `circle` = name, or the key when it has none, and `pk`).
///
/// They are written here rather than through swift-prometheus' registry because they are
/// totals that Redis keeps (workers count tasks in `circles:stats:<pk>`, across restarts and
/// machines): the registry's counters only go up by what this process adds, and its
/// histograms only take single observations, while these are read whole at every scrape.
enum CircleMetricsText {
    static func render(_ circles: [CirclesSnapshot.Circle]) -> String {
        let read = circles.compactMap { circle in circle.activity.map { (circle, $0) } }
        var out = ""
        func family(_ name: String, _ type: String, _ help: String, _ value: (CircleActivity) -> Int) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for (circle, activity) in read { out += "\(name){\(labels(circle))} \(value(activity))\n" }
        }
        family("circles_tasks_completed_total", "counter", "Tasks the circle's workers finished as completed.") { $0.statistics.completed }
        family("circles_tasks_errored_total", "counter", "Tasks the circle's workers finished as error.") { $0.statistics.errored }
        family("circles_queue_length", "gauge", "Task ids waiting in the circle's queue.") { $0.queued }
        family("circles_tasks_processing", "gauge", "Tasks the circle's workers have taken and not finished.") { $0.processing }
        out += "# HELP circles_workers_alive Workers of the circle that are live (as /health judges them).\n"
        out += "# TYPE circles_workers_alive gauge\n"
        for (circle, _) in read { out += "circles_workers_alive{\(labels(circle))} \(circle.liveWorkers)\n" }
        let histogram = "circles_task_duration_seconds"
        out += "# HELP \(histogram) How long the circle's scripts ran.\n# TYPE \(histogram) histogram\n"
        for (circle, activity) in read {
            let statistics = activity.statistics
            for bucket in statistics.cumulativeBuckets {
                let bound = bucket.upperBound == .infinity ? "+Inf" : number(bucket.upperBound)
                out += "\(histogram)_bucket{\(labels(circle)),le=\"\(bound)\"} \(bucket.count)\n"
            }
            out += "\(histogram)_sum{\(labels(circle))} \(number(statistics.durationSum))\n"
            out += "\(histogram)_count{\(labels(circle))} \(statistics.durationCount)\n"
        }
        return out
    }

    private static func labels(_ circle: CirclesSnapshot.Circle) -> String {
        "circle=\"\(escape(circle.entry.name ?? circle.entry.key.hex))\",pk=\"\(circle.entry.key.hex)\""
    }

    /// A label value with `\`, `"` and newlines escaped, as the text format wants.
    private static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
