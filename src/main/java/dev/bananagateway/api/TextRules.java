package dev.bananagateway.api;

/**
 * Which characters free text (prompt, negative prompt, metadata) may hold. Refused: C0 controls but
 * tab, line feed and carriage return (text areas and Windows clients send CR LF line ends, so CR is
 * allowed as a line end), DEL, C1 controls, lone surrogates (a JSON {@code \ud800} escape with no pair:
 * not text in any encoding) and Unicode noncharacters (reserved for a program's internal use, never
 * interchanged).
 */
final class TextRules {

    static final String ALLOWED = "without control characters (tab, line feed and carriage return are allowed),"
            + " lone surrogates or noncharacters";

    private TextRules() {
    }

    /** True when {@code s} holds a character free text may not hold. */
    static boolean hasForbiddenCharacter(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return true;
                }
                if (isNoncharacter(Character.toCodePoint(c, s.charAt(i + 1)))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c) || isControl(c) || isNoncharacter(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isControl(char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f);
    }

    /** U+FDD0..U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF, U+1FFFE, ...). */
    private static boolean isNoncharacter(int cp) {
        return (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe;
    }
}
