package com.qrrouter.local;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** Region, account and dummy credentials for SDK clients that talk to the local stand-ins. */
public final class LocalAws {

    public static final Region REGION = Region.EU_WEST_1;

    /** The account id ElasticMQ puts in its queue URLs and ARNs. */
    public static final String ACCOUNT_ID = "000000000000";

    public static final String ACCESS_KEY_ID = "local";
    public static final String SECRET_ACCESS_KEY = "local";

    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));

    private LocalAws() {}
}
