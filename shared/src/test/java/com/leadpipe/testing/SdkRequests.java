package com.leadpipe.testing;

import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * The request object of a {@link RecordingClient.Call}, whichever overload the code called: the
 * SDK's {@code op(Consumer<Builder>)} shortcuts are interface default methods, so the proxy
 * records the consumer, not the request.
 */
public final class SdkRequests {

    private SdkRequests() {
    }

    /** E.g. {@code SdkRequests.of(call.request(), PutItemRequest::builder)}. */
    @SuppressWarnings("unchecked")
    public static <R, B extends SdkBuilder<B, R>> R of(Object recorded, Supplier<B> builder) {
        if (recorded instanceof Consumer<?> consumer) {
            B b = builder.get();
            ((Consumer<B>) consumer).accept(b);
            return b.build();
        }
        return (R) recorded;
    }
}
