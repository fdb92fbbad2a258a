package com.leadpipe.email;

import com.ibm.icu.text.IDNA;
import java.lang.Character.UnicodeScript;
import java.util.EnumSet;
import java.util.Set;

/**
 * Internationalised domain names by UTS #46 nontransitional processing (IDNA2008 as browsers and
 * mail software apply it): {@code straße.de} is {@code xn--strae-oqa.de}, not IDNA2003's
 * {@code strasse.de}, which is someone else's domain. ICU4J does it; it is an optional dependency
 * of {@code shared} (15 MB), shipped only by functions that read typed addresses. Loaded only for
 * a non-ASCII domain, so ASCII signups never load it.
 */
final class Idna {

    private static final int OPTIONS = IDNA.NONTRANSITIONAL_TO_ASCII | IDNA.NONTRANSITIONAL_TO_UNICODE
            | IDNA.CHECK_BIDI | IDNA.CHECK_CONTEXTJ | IDNA.CHECK_CONTEXTO | IDNA.USE_STD3_RULES;
    private static final IDNA UTS46 = IDNA.getUTS46Instance(OPTIONS);
    /** Scripts that are written together: Japanese and Korean mix Han with their own, and Latin. */
    private static final Set<UnicodeScript> CJK = EnumSet.of(UnicodeScript.HAN, UnicodeScript.HIRAGANA,
            UnicodeScript.KATAKANA, UnicodeScript.HANGUL, UnicodeScript.BOPOMOFO);

    private Idna() {
    }

    /** @return the ASCII (A-label) form, or null when UTS #46 refuses the name */
    static String toAscii(String domain) {
        IDNA.Info info = new IDNA.Info();
        StringBuilder ascii = UTS46.nameToASCII(domain, new StringBuilder(), info);
        return info.hasErrors() ? null : ascii.toString();
    }

    static String toUnicode(String asciiDomain) {
        IDNA.Info info = new IDNA.Info();
        StringBuilder unicode = UTS46.nameToUnicode(asciiDomain, new StringBuilder(), info);
        return info.hasErrors() ? asciiDomain : unicode.toString();
    }

    /**
     * A label mixing scripts that are not written together ({@code аpple} with a Cyrillic а):
     * the look-alike (homoglyph) domains phishing uses. Digits, hyphens and marks count for none.
     */
    static boolean mixedScript(String unicodeDomain) {
        for (String label : unicodeDomain.split("\\.")) {
            Set<UnicodeScript> scripts = EnumSet.noneOf(UnicodeScript.class);
            label.codePoints().forEach(c -> {
                UnicodeScript script = UnicodeScript.of(c);
                if (script != UnicodeScript.COMMON && script != UnicodeScript.INHERITED) {
                    scripts.add(script);
                }
            });
            Set<UnicodeScript> others = EnumSet.copyOf(scripts.isEmpty() ? EnumSet.of(UnicodeScript.LATIN) : scripts);
            others.removeAll(CJK);
            others.remove(UnicodeScript.LATIN);
            boolean cjk = scripts.stream().anyMatch(CJK::contains);
            boolean latin = scripts.contains(UnicodeScript.LATIN);
            if (others.size() > 1 || !others.isEmpty() && (cjk || latin)) {
                return true;
            }
        }
        return false;
    }
}
