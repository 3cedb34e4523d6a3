import CirclesCore
import Foundation

/// Which Redis the circles use: the one the user named, the default one when it answers, or a
/// private `redis-server` that circles-spawn starts (docs/DESIGN.md "Embedded default").
public enum RedisChoice: Sendable {
    case existing(RedisURL, text: String)
    case embedded

    /// An explicit URL is used as given (and must answer: `RedisError.unavailable`, exit 69);
    /// without one, the default URL is used when it answers, else a private server is needed.
    public static func resolve(text: String, explicit: Bool) throws -> RedisChoice {
        let url = try RedisURL(parsing: text)
        if explicit {
            _ = try RedisConnection.connect(url: url, connectTimeout: 2, commandTimeout: 2)
            return .existing(url, text: text)
        }
        if (try? RedisConnection.connect(url: url, connectTimeout: 0.5, commandTimeout: 1)) != nil {
            return .existing(url, text: text)
        }
        return .embedded
    }
}
