package com.leadpipe.admin;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.log.Log;
import com.leadpipe.store.AdminStore;
import com.leadpipe.store.AdminStore.LeadFilter;
import com.leadpipe.store.AdminStore.LeadPage;
import com.leadpipe.store.AdminStore.LeadRow;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The marketer's reads: campaigns with their funnel totals, a campaign's funnel and its leads
 * (page by page, or all of them as CSV). Free of HTTP: the admin endpoint parses and maps.
 */
public final class AdminService {

    /** A campaign id that is not in the catalog. */
    public static final class UnknownCampaignException extends RuntimeException {
        public UnknownCampaignException(String id) {
            super("There is no campaign '" + id + "'.");
        }
    }

    /** A CSV export: inline when small, else a link to the export bucket. */
    public record CsvExport(int rows, Optional<String> csv, Optional<URI> url) {
    }

    /** Counters start with this release: "all time" means from here. */
    static final LocalDate EPOCH = LocalDate.of(2020, 1, 1);
    public static final int MAX_PAGE = 100;
    /** Days one funnel request may span: bounds what one Query reads. */
    public static final int MAX_DAYS = 400;

    private final CampaignCatalog campaigns;
    private final AdminStore store;
    private final ExportSink exports;
    private final AdminSettings settings;
    private final Clock clock;
    private final Log log;

    public AdminService(CampaignCatalog campaigns, AdminStore store, ExportSink exports, AdminSettings settings,
                        Clock clock, Log log) {
        this.campaigns = campaigns;
        this.store = store;
        this.exports = exports;
        this.settings = settings;
        this.clock = clock;
        this.log = log;
    }

    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** Every campaign of the catalog with its all-time totals. */
    public List<Map<String, Object>> campaigns() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Campaign campaign : campaigns.all()) {
            FunnelReport report = FunnelReport.of(campaign.id(), EPOCH, today(), FunnelReport.Grouping.DAY,
                    store.counters(campaign.id(), EPOCH, today()));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", campaign.id());
            row.put("title", campaign.title());
            row.put("totals", report.totals());
            row.put("rates", report.rates());
            out.add(row);
        }
        return out;
    }

    /**
     * @param from first day; empty: 30 days before {@code to}
     * @param to   last day; empty: today (UTC)
     */
    public FunnelReport funnel(String campaignId, Optional<LocalDate> from, Optional<LocalDate> to,
                               FunnelReport.Grouping by) {
        campaign(campaignId);
        LocalDate last = to.orElse(today());
        LocalDate first = from.orElse(last.minusDays(29));
        if (first.isAfter(last)) {
            throw new IllegalArgumentException("from must not be after to");
        }
        if (first.plusDays(MAX_DAYS).isBefore(last)) {
            throw new IllegalArgumentException("from and to may be at most " + MAX_DAYS + " days apart");
        }
        return FunnelReport.of(campaignId, first, last, by, store.counters(campaignId, first, last));
    }

    public LeadPage leads(String campaignId, LeadFilter filter, int limit, Optional<String> cursor) {
        campaign(campaignId);
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE);
        }
        return store.leads(campaignId, filter, limit, cursor);
    }

    /** All leads that match, as CSV; above the inline limit, stored in the export bucket and linked. */
    public CsvExport csv(String campaignId, LeadFilter filter) {
        campaign(campaignId);
        List<LeadRow> rows = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            LeadPage page = store.leads(campaignId, filter, MAX_PAGE, cursor);
            rows.addAll(page.rows());
            cursor = page.cursor();
        } while (cursor.isPresent());
        String csv = LeadCsv.write(rows);
        if (rows.size() <= settings.inlineMaxRows() || settings.exportBucket().isEmpty()
                || !exports.available()) {
            return new CsvExport(rows.size(), Optional.of(csv), Optional.empty());
        }
        String key = exportPrefix(campaignId) + today() + "-" + UUID.randomUUID() + ".csv";
        URI url = exports.put(key, "text/csv; charset=utf-8", csv.getBytes(StandardCharsets.UTF_8),
                settings.linkValidity());
        log.info("admin.export_stored", "campaign", campaignId, "rows", rows.size());
        return new CsvExport(rows.size(), Optional.empty(), Optional.of(url));
    }

    /** Exports of one campaign live under this prefix, so an erasure can remove them. */
    public static String exportPrefix(String campaignId) {
        return "exports/" + campaignId + "/";
    }

    Campaign campaign(String campaignId) {
        return campaigns.find(campaignId).orElseThrow(() -> new UnknownCampaignException(campaignId));
    }
}
