package com.leadpipe.admin;

import com.leadpipe.campaign.Survey;
import com.leadpipe.store.AdminStore.LeadRow;
import com.leadpipe.store.Records.Lead;
import com.leadpipe.store.Records.LedgerEvent;
import com.leadpipe.store.Records.Pending;
import com.leadpipe.store.Records.Token;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Leads, pending signups, ledger events and tokens as the admin API writes them (JsonTree maps). */
public final class LeadJson {

    private LeadJson() {
    }

    public static Map<String, Object> lead(LeadRow row) {
        Lead lead = row.lead();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("email", lead.email().value());
        out.put("campaign", lead.campaignId());
        out.put("leadId", lead.leadId());
        out.put("status", lead.status().name().toLowerCase(java.util.Locale.ROOT));
        out.put("createdAt", text(lead.createdAt()));
        out.put("confirmedAt", text(lead.confirmedAt()));
        out.put("fields", lead.fields());
        out.put("answers", lead.survey());
        Map<String, Object> scores = new LinkedHashMap<>();
        for (Survey.Axis axis : Survey.Axis.values()) {
            scores.put(axis.name().toLowerCase(java.util.Locale.ROOT), lead.qualification().score(axis));
        }
        scores.put("total", lead.qualification().total());
        out.put("scores", scores);
        out.put("temperature", lead.qualification().temperature().lower());
        out.put("stage", lead.qualification().stage().lower());
        out.put("tags", List.copyOf(lead.qualification().tags()));
        out.put("attribution", lead.attribution());
        Map<String, Object> consent = new LinkedHashMap<>();
        consent.put("version", lead.signup().consentVersion());
        consent.put("text", lead.signup().consentText());
        consent.put("signupAt", text(lead.signup().at()));
        consent.put("signupIp", lead.signup().ip());
        consent.put("confirmAt", text(lead.confirmation().at()));
        consent.put("confirmIp", lead.confirmation().ip());
        out.put("consent", consent);
        out.put("handRaisedAt", row.handRaisedAt().map(Instant::toString).orElse(null));
        out.put("unsubscribedAt", row.unsubscribedAt().map(Instant::toString).orElse(null));
        return out;
    }

    public static Map<String, Object> pending(Pending pending) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("email", pending.email().value());
        out.put("fields", pending.fields());
        out.put("signupAt", text(pending.signup().at()));
        out.put("signupIp", pending.signup().ip());
        out.put("consentVersion", pending.signup().consentVersion());
        out.put("mailState", pending.mailState().name().toLowerCase(java.util.Locale.ROOT));
        out.put("answers", pending.survey());
        out.put("attribution", pending.attribution());
        out.put("expiresAt", text(pending.expiresAt()));
        return out;
    }

    public static List<Object> ledger(List<LedgerEvent> events) {
        List<Object> out = new ArrayList<>();
        for (LedgerEvent e : events) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("type", e.type());
            event.put("at", text(e.at()));
            event.put("ip", e.ip());
            event.put("userAgent", e.userAgent());
            event.put("consentVersion", e.consentVersion());
            event.put("details", e.details());
            out.add(event);
        }
        return out;
    }

    public static Map<String, Object> token(Token t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("purpose", t.purpose().name().toLowerCase(java.util.Locale.ROOT));
        out.put("campaign", t.campaignId());
        out.put("createdAt", text(t.createdAt()));
        out.put("expiresAt", text(t.expiresAt()));
        out.put("usedAt", t.usedAt().map(Instant::toString).orElse(null));
        return out;
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
