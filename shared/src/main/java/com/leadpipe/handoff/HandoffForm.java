package com.leadpipe.handoff;

import com.leadpipe.campaign.Campaign;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The hand-raise form's posted fields, checked against what the campaign's form asks for. */
public final class HandoffForm {

    static final int MAX_PHONE = 40;
    static final int MAX_BEST_TIME = 100;
    static final int MAX_MESSAGE = 1000;
    private static final Pattern PHONE = Pattern.compile("[0-9+()./ -]{3,40}");

    /** A valid request (channel, and phone, bestTime, message when given), or what to fix. */
    public record Result(Map<String, String> request, Optional<String> error) {
    }

    private HandoffForm() {
    }

    public static Result check(Campaign.Handoff handoff, Map<String, String> posted) {
        Map<String, String> request = new LinkedHashMap<>();
        String channel = posted.getOrDefault("channel", "").strip();
        boolean known = handoff.channels().stream().anyMatch(c -> c.id().equals(channel));
        request.put("channel", known ? channel : handoff.channels().get(0).id());
        String phone = handoff.askPhone() ? clean(posted.get("phone")) : "";
        String bestTime = handoff.askBestTime() ? clean(posted.get("bestTime")) : "";
        String message = handoff.askMessage() ? clean(posted.get("message")) : "";
        putIfGiven(request, "phone", phone);
        putIfGiven(request, "bestTime", bestTime);
        putIfGiven(request, "message", message);
        if (!phone.isEmpty() && !PHONE.matcher(phone).matches()) {
            return new Result(request, Optional.of("Please check the phone number: digits, spaces and + ( ) - only."));
        }
        if (request.get("channel").equals("phone") && phone.isEmpty() && handoff.askPhone()) {
            return new Result(request, Optional.of("Please give a phone number so we can call you."));
        }
        if (bestTime.length() > MAX_BEST_TIME || message.length() > MAX_MESSAGE) {
            return new Result(request, Optional.of("Please shorten your answer."));
        }
        return new Result(request, Optional.empty());
    }

    private static String clean(String value) {
        return value == null ? "" : value.strip().replaceAll("[\\p{Cntrl}&&[^\n]]", "");
    }

    private static void putIfGiven(Map<String, String> request, String key, String value) {
        if (!value.isEmpty()) {
            request.put(key, value);
        }
    }
}
