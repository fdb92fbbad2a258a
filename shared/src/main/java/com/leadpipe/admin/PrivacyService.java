package com.leadpipe.admin;

import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.email.EmailAddress;
import com.leadpipe.log.Log;
import com.leadpipe.store.AdminStore;
import com.leadpipe.store.AdminStore.PersonInCampaign;
import com.leadpipe.store.PrivacyStore;
import com.leadpipe.store.PrivacyStore.Erasure;
import com.leadpipe.store.Records.Token;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One person across campaigns: look-up (GDPR Art. 15 access, the full ledger), export as JSON,
 * and erasure (Art. 17). Campaigns are the catalog's; pending signups and tokens are found by the
 * person's address key on admin-index whatever their campaign.
 */
public final class PrivacyService {

    private final CampaignCatalog campaigns;
    private final AdminStore admin;
    private final PrivacyStore privacy;
    private final ExportSink exports;
    private final AdminSettings settings;
    private final Clock clock;
    private final Log log;

    public PrivacyService(CampaignCatalog campaigns, AdminStore admin, PrivacyStore privacy, ExportSink exports,
                          AdminSettings settings, Clock clock, Log log) {
        this.campaigns = campaigns;
        this.admin = admin;
        this.privacy = privacy;
        this.exports = exports;
        this.settings = settings;
        this.clock = clock;
        this.log = log;
    }

    /** Campaigns where the person has a lead, a pending signup or ledger events; empty if none. */
    public List<PersonInCampaign> find(EmailAddress email) {
        List<PersonInCampaign> found = new ArrayList<>();
        for (String id : campaigns.ids()) {
            PersonInCampaign p = admin.person(id, email.key());
            if (p.lead().isPresent() || p.pending().isPresent() || !p.ledger().isEmpty()) {
                found.add(p);
            }
        }
        return found;
    }

    /** Everything held about the person, as the look-up and the privacy export answer it. */
    public Map<String, Object> export(EmailAddress email) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("email", email.value());
        out.put("exportedAt", clock.instant().toString());
        List<Object> inCampaigns = new ArrayList<>();
        for (PersonInCampaign p : find(email)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("campaign", p.campaignId());
            entry.put("lead", p.lead().map(LeadJson::lead).orElse(null));
            entry.put("pending", p.pending().map(LeadJson::pending).orElse(null));
            entry.put("ledger", LeadJson.ledger(p.ledger()));
            inCampaigns.add(entry);
        }
        out.put("campaigns", inCampaigns);
        List<Object> links = new ArrayList<>();
        for (Token t : privacy.tokens(email.key())) {
            links.add(LeadJson.token(t));
        }
        out.put("links", links);
        out.put("suppressed", privacy.address(email.key()).suppressed());
        out.put("erasedBefore", privacy.erasedAt(tombstoneKey(email)).map(Object::toString).orElse(null));
        return out;
    }

    /**
     * Erases the person everywhere, and the export files of their campaigns. Idempotent.
     *
     * @param requester who asked (the IAM caller), kept in the erased ledger entry
     */
    public Erasure erase(EmailAddress email, String requester, String requestId) {
        Erasure erasure = privacy.erase(campaigns.ids(), email.key(), tombstoneKey(email), requester, clock.instant(),
                requestId);
        int files = 0;
        for (String campaign : erasure.campaigns()) {
            files += exports.deleteAll(AdminService.exportPrefix(campaign));
        }
        log.info(erasure.alreadyErased() ? "lead.erase_repeated" : "lead.erased", "items", erasure.itemsRemoved(),
                "exportFiles", files, "campaigns", String.join(",", erasure.campaigns()));
        return erasure;
    }

    /** HMAC-SHA256 of the normalised address under the erasure key, hex. */
    String tombstoneKey(EmailAddress email) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(settings.erasureKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(email.value().toLowerCase(Locale.ROOT)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
