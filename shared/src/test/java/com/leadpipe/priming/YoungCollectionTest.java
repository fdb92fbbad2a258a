package com.leadpipe.priming;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class YoungCollectionTest {

    final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();

    @Test
    void allocatesUntilACollectorHasRun() {
        // GIVEN this JVM's collectors and what they have done so far
        long before = YoungCollection.collections(collectors);

        // WHEN priming ends
        boolean ran = YoungCollection.run();

        // THEN a collection ran, brought on by allocation
        assertThat(ran).isTrue();
        assertThat(YoungCollection.collections(collectors)).isGreaterThan(before);
    }

    @Test
    void stopsAtItsBudget() {
        long before = YoungCollection.collections(collectors);

        // a budget of nothing allocates nothing, so no collection is owed to it
        assertThat(YoungCollection.run(collectors, 0)).isFalse();
        assertThat(YoungCollection.collections(collectors)).isGreaterThanOrEqualTo(before);
    }
}
