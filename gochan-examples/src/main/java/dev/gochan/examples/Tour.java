package dev.gochan.examples;

/** The tour: runs the guide's examples in order, each under a heading. */
public final class Tour {
    private Tour() {}

    /**
     * Runs the tour.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println("gochan tour");
    }
}
