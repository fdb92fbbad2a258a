package com.leadpipe.local;

import com.leadpipe.campaign.CampaignException.Problem;
import java.io.PrintStream;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the runner says about itself: the startup lines on the console and the {@code /_local/} page. */
final class Banner {

    private final SamTemplate template;
    private final TemplateRoutes routes;
    private final CampaignCheck campaigns;
    private final LocalAws aws;
    private final FastClock clock;
    private final List<String> background = new ArrayList<>();
    private final Map<String, String> off;
    private final String data;

    Banner(SamTemplate template, TemplateRoutes routes, CampaignCheck campaigns, LocalAws aws, FastClock clock,
           List<QueuePoller> pollers, List<StreamPoller> streams, Scheduler scheduler, Map<String, String> off,
           Optional<DataFolder> data) {
        this.template = template;
        this.routes = routes;
        this.campaigns = campaigns;
        this.aws = aws;
        this.clock = clock;
        this.off = off;
        pollers.forEach(p -> background.add("SQS   " + p.description()));
        streams.forEach(p -> background.add("Stream " + p.description()));
        scheduler.schedules().forEach(s -> background.add("Timer " + s.description()));
        this.data = data.map(d -> "tables kept in " + d.tables() + " (saved every "
                        + TableSnapshot.SAVE_INTERVAL.toSeconds() + " s and on stop; mail and queues are not kept)")
                .orElse("in memory (--in-memory): nothing is kept");
    }

    private String mail() {
        return aws.label() + " at " + aws.endpoint() + " (in memory: mail and queues reset on restart)";
    }

    LocalPages.Status status() {
        List<String> notes = new ArrayList<>(background);
        off.forEach((id, reason) -> notes.add(id + " is not running locally: " + reason));
        return new LocalPages.Status(campaigns.ids(), campaigns.problems(), routes.routes(), notes,
                clock.instant(), clock.speed(), mail(), data);
    }

    void print(PrintStream out, String base, Duration startup) {
        List<Problem> problems = campaigns.problems();
        out.println();
        out.println("Leadpipe, running locally from " + template.file() + " (" + routes.routes().size() + " routes)");
        out.println("  DynamoDB   " + aws.label() + ", " + data);
        out.println("  SES, SQS   " + mail());
        out.println("  Clock      " + clock.instant().truncatedTo(ChronoUnit.SECONDS) + (clock.speed() == 1 ? ", real time"
                : ", " + speed(clock.speed()) + "x real time (a day every "
                + human(Duration.ofSeconds((long) (86_400 / clock.speed()))) + ")"));
        background.forEach(t -> out.println("  Runs       " + t));
        out.println();
        out.println("  Campaign pages:");
        for (String id : campaigns.ids()) {
            boolean broken = problems.stream().anyMatch(p -> p.file().endsWith("/" + id + ".yaml"));
            out.println("    " + base + "/c/" + id + (broken ? "   (broken file, see below)" : ""));
        }
        if (campaigns.ids().isEmpty()) {
            out.println("    (none in " + campaigns.dir() + ")");
        }
        out.println("  Mailbox:      " + base + "/_local/mail");
        out.println("  Lead events:  " + base + "/_local/events");
        out.println("  Everything:   " + base + "/_local/");
        if (routes.routes().stream().anyMatch(r -> r.path().startsWith("/admin/"))) {
            // In AWS these routes take SigV4 (AWS_IAM); here the loopback address is the only guard.
            out.println("  Admin API:    " + base + "/admin/campaigns   (NOT signed: no SigV4 on loopback;"
                    + " leadpipe --local ...)");
        }
        problems.forEach(p -> out.println("[campaign] " + p));
        off.forEach((id, reason) -> out.println("[local] " + id + " is not running locally: " + reason));
        out.println();
        out.println("Ready in " + startup.toMillis() + " ms. Ctrl-C stops everything.");
    }

    static String speed(double speed) {
        return speed == Math.rint(speed) ? Long.toString((long) speed) : Double.toString(speed);
    }

    private static String human(Duration d) {
        if (d.toHours() >= 1) {
            return d.toHours() + " h";
        }
        if (d.toMinutes() >= 1) {
            return d.toMinutes() + " min";
        }
        return Math.max(1, d.toSeconds()) + " s";
    }
}
