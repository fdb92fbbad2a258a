package com.leadpipe.store;

import static com.leadpipe.store.ItemCodec.epoch;
import static com.leadpipe.store.ItemCodec.num;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Counters that bound what the public form can make the stack do, each one conditional
 * UpdateItem on a small item DynamoDB's TTL removes after its window:
 *
 * <ul>
 *   <li>signups per client IP: {@code LIMIT#IP#{ipKey}} / {@code DAY#{yyyy-MM-dd}} with {@code signups}
 *       (the UTC day) and {@code h00}…{@code h23} (its hours), expiring a day after the day;</li>
 *   <li>the stack-wide budget of confirmation mails to new addresses: {@code LIMIT#MAIL} /
 *       {@code MINUTE#{yyyy-MM-ddTHH:mm}} with {@code sent}, expiring an hour after the minute.</li>
 * </ul>
 * A request over a limit writes nothing (the condition fails before the ADD).
 */
public final class LimitStore {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm")
            .withZone(ZoneOffset.UTC);

    /** A signup refused: which window was full, and when it ends. */
    public record Refusal(boolean dayFull, Instant retryAt) {
    }

    private final DynamoTable table;

    public LimitStore(DynamoDbClient dynamo, String tableName) {
        this.table = new DynamoTable(dynamo, tableName);
    }

    /**
     * Counts one signup of {@code ipKey} in its hour and day, unless either is full.
     *
     * @param perHour 0: no hourly limit; likewise {@code perDay}
     * @return empty when counted (go ahead); the refusal otherwise
     */
    public Optional<Refusal> countSignup(String ipKey, Instant now, int perHour, int perDay) {
        Instant day = now.truncatedTo(ChronoUnit.DAYS);
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":one", num(1));
        values.put(":expires", epoch(day.plus(Duration.ofDays(2))));
        StringBuilder condition = new StringBuilder();
        if (perHour > 0) {
            condition.append("(attribute_not_exists(#hour) OR #hour < :perHour)");
            values.put(":perHour", num(perHour));
        }
        if (perDay > 0) {
            condition.append(condition.isEmpty() ? "" : " AND ").append("(attribute_not_exists(signups) OR signups < :perDay)");
            values.put(":perDay", num(perDay));
        }
        String hour = "h" + HOUR.format(now);
        UpdateItemRequest.Builder update = UpdateItemRequest.builder().tableName(table.name())
                .key(ItemCodec.key(LeadpipeTable.ipLimitPk(ipKey), "DAY#" + DAY.format(now)))
                .updateExpression("ADD #hour :one, signups :one SET expiresAt = :expires")
                .expressionAttributeNames(Map.of("#hour", hour))
                .expressionAttributeValues(values);
        if (!condition.isEmpty()) {
            update.conditionExpression(condition.toString());
        }
        Optional<Map<String, AttributeValue>> refused = table.updateOrRefusal(update.build(), "cannot count the signup");
        if (refused.isEmpty()) {
            return Optional.empty();
        }
        boolean dayFull = perDay > 0 && ItemCodec.number(refused.get(), "signups") >= perDay;
        return Optional.of(new Refusal(dayFull, dayFull ? day.plus(Duration.ofDays(1))
                : now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1))));
    }

    /**
     * Takes one confirmation mail to a new address from this minute's stack-wide budget.
     *
     * @return false when the minute's budget is spent (nothing written)
     */
    public boolean takeMailBudget(Instant now, int perMinute) {
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        UpdateItemRequest update = UpdateItemRequest.builder().tableName(table.name())
                .key(ItemCodec.key(LeadpipeTable.MAIL_BUDGET_PK, "MINUTE#" + MINUTE.format(minute)))
                .updateExpression("ADD sent :one SET expiresAt = :expires")
                .conditionExpression("attribute_not_exists(sent) OR sent < :max")
                .expressionAttributeValues(Map.of(":one", num(1), ":max", num(perMinute),
                        ":expires", epoch(minute.plus(Duration.ofHours(1)))))
                .build();
        return table.updateOrRefusal(update, "cannot take from the mail budget").isEmpty();
    }
}
