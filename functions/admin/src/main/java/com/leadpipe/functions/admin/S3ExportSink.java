package com.leadpipe.functions.admin;

import com.leadpipe.admin.ExportSink;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;

/** The export bucket: encrypted by the bucket's default (SSE-S3), objects expire by its lifecycle rule. */
final class S3ExportSink implements ExportSink {

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;

    S3ExportSink(S3Client s3, S3Presigner presigner, String bucket) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
    }

    @Override
    public URI put(String key, String contentType, byte[] body, Duration valid) {
        s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType)
                .contentDisposition("attachment; filename=\"leads.csv\"").build(), RequestBody.fromBytes(body));
        try {
            return presigner.presignGetObject(GetObjectPresignRequest.builder().signatureDuration(valid)
                    .getObjectRequest(g -> g.bucket(bucket).key(key)).build()).url().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("presigned URL is not a URI", e);
        }
    }

    @Override
    public int deleteAll(String prefix) {
        int deleted = 0;
        String token = null;
        do {
            ListObjectsV2Response page = s3.listObjectsV2(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix)
                    .continuationToken(token).build());
            List<ObjectIdentifier> ids = new ArrayList<>();
            for (S3Object object : page.contents()) {
                ids.add(ObjectIdentifier.builder().key(object.key()).build());
            }
            if (!ids.isEmpty()) {
                s3.deleteObjects(DeleteObjectsRequest.builder().bucket(bucket)
                        .delete(Delete.builder().objects(ids).quiet(true).build()).build());
                deleted += ids.size();
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return deleted;
    }
}
