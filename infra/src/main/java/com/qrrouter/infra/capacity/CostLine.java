package com.qrrouter.infra.capacity;

import com.qrrouter.infra.capacity.Price.Confirmation;
import java.util.Objects;

/**
 * What one service costs at the average rate, per month and per million scans.
 *
 * @param service the service, e.g. {@code API Gateway (REST)}
 * @param usdPerMonth the monthly cost at the average rate (730 hours)
 * @param usdPerMillionScans {@code usdPerMonth ÷ (scans per month ÷ 1,000,000)}
 * @param basis how the quantity was counted
 * @param confirmation the weakest confirmation among the prices used
 */
public record CostLine(
        String service, double usdPerMonth, double usdPerMillionScans, String basis, Confirmation confirmation) {

    public CostLine {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(basis, "basis");
        Objects.requireNonNull(confirmation, "confirmation");
    }
}
