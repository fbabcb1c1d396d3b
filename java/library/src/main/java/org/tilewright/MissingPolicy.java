package org.tilewright;

/** What a stitch does with an input that is missing or cannot be decoded. */
public enum MissingPolicy {
    /** Stop with an error naming the input; no output is written. The default. */
    FAIL,
    /** Leave the input out; whatever lies beneath shows through. */
    SKIP,
    /** Paint the input's rectangle with the background. */
    FILL;

    /** What was done with an input under this policy, as reports say it. */
    public String action() {
        switch (this) {
            case SKIP: return "skipped";
            case FILL: return "filled with background";
            default: return "failed the job";
        }
    }

    /** Parses "fail", "skip" or "fill". */
    public static MissingPolicy parse(String name) {
        for (MissingPolicy p : values()) {
            if (p.name().equalsIgnoreCase(name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown missing-input policy '" + name
                + "'; use fail, skip or fill");
    }
}
