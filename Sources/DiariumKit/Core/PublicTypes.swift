import DiariumRender

/// Text from the register made safe for a terminal (control characters replaced).
public enum TerminalSafe {
    public static func clean(_ text: String) -> String { TerminalText.clean(text) }
}
