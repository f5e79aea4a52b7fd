package dev.bananagateway.local;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/** Creates the media bucket on the local S3 server, as the templates create it in AWS. */
public final class MediaBucketSetup {

    private MediaBucketSetup() {
    }

    public static void createIfAbsent(S3Client s3, String bucket) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException absent) {
            try {
                s3.createBucket(b -> b.bucket(bucket));
            } catch (BucketAlreadyOwnedByYouException raced) {
                // created meanwhile
            }
        }
    }
}
