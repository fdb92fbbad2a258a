package com.leadpipe.events;

import java.util.List;

/** Where lead events go (EventBridge in Lambda); an adapter in the function module. */
@FunctionalInterface
public interface EventBus {

    /**
     * Publishes the events (in order, in as few calls as the bus allows).
     *
     * @return the positions of the events the bus did not take (empty: all taken)
     * @throws RuntimeException when the bus could not be reached: none may have been taken
     */
    List<Integer> publish(List<LeadEvent> events);
}
