package org.tilewright;

/**
 * A montage grid: columns x rows of cells, each as large as the largest input unless given,
 * with spacing between cells, alignment of smaller inputs inside their cell, and the order
 * in which inputs fill the cells. Immutable; each {@code with…} returns a changed copy.
 */
public final class Grid {
    /** The order in which inputs fill the cells. */
    public enum Order {
        /** Left to right, then top to bottom. */
        ROW_MAJOR,
        /** Top to bottom, then left to right. */
        COLUMN_MAJOR,
        /** Row by row, every other row right to left (as scanning stages move). */
        SNAKE
    }

    /** Where a smaller input sits inside its cell, along one axis. */
    public enum Align {
        /** Left or top. */
        START,
        /** Centred. */
        CENTER,
        /** Right or bottom. */
        END
    }

    final int columns;
    final int rows;
    final int cellWidth;
    final int cellHeight;
    final int spacingX;
    final int spacingY;
    final Align alignX;
    final Align alignY;
    final Order order;

    private Grid(int columns, int rows, int cellWidth, int cellHeight, int spacingX, int spacingY,
            Align alignX, Align alignY, Order order) {
        if (columns < 0 || rows < 0 || cellWidth < 0 || cellHeight < 0 || spacingX < 0 || spacingY < 0) {
            throw new IllegalArgumentException("grid sizes and spacing must not be negative");
        }
        this.columns = columns;
        this.rows = rows;
        this.cellWidth = cellWidth;
        this.cellHeight = cellHeight;
        this.spacingX = spacingX;
        this.spacingY = spacingY;
        this.alignX = alignX;
        this.alignY = alignY;
        this.order = order;
    }

    /** A grid of {@code columns} x {@code rows}; 0 for either derives it from the input count. */
    public static Grid of(int columns, int rows) {
        return new Grid(columns, rows, 0, 0, 0, 0, Align.CENTER, Align.CENTER, Order.ROW_MAJOR);
    }

    /** Cell size; 0 means the largest input's size along that axis. */
    public Grid withCell(int width, int height) {
        return new Grid(columns, rows, width, height, spacingX, spacingY, alignX, alignY, order);
    }

    /** Gap between cells, in pixels (background shows through). */
    public Grid withSpacing(int x, int y) {
        return new Grid(columns, rows, cellWidth, cellHeight, x, y, alignX, alignY, order);
    }

    /** Alignment of inputs smaller than their cell (default: centred, as montage does). */
    public Grid withAlign(Align x, Align y) {
        return new Grid(columns, rows, cellWidth, cellHeight, spacingX, spacingY, x, y, order);
    }

    /** The order in which inputs fill the cells. */
    public Grid withOrder(Order order) {
        return new Grid(columns, rows, cellWidth, cellHeight, spacingX, spacingY, alignX, alignY, order);
    }

    /** {columns, rows} for {@code count} inputs. */
    int[] shapeFor(int count) {
        int c = columns;
        int r = rows;
        if (c == 0 && r == 0) {
            c = (int) Math.ceil(Math.sqrt(count));
        }
        if (c == 0) {
            c = (count + r - 1) / r;
        }
        if (r == 0) {
            r = (count + c - 1) / c;
        }
        if ((long) c * r < count) {
            throw new IllegalArgumentException(count + " inputs do not fit a " + c + "x" + r + " grid");
        }
        return new int[] {Math.max(1, c), Math.max(1, r)};
    }

    /** {column, row} of the {@code index}th input in a grid of the given shape. */
    int[] cellOf(int index, int c, int r) {
        switch (order) {
            case COLUMN_MAJOR:
                return new int[] {index / r, index % r};
            case SNAKE: {
                int row = index / c;
                int col = index % c;
                return new int[] {row % 2 == 1 ? c - 1 - col : col, row};
            }
            default:
                return new int[] {index % c, index / c};
        }
    }

    static int offset(Align align, int cell, int size) {
        switch (align) {
            case START:
                return 0;
            case END:
                return cell - size;
            default:
                return (cell - size) / 2;
        }
    }
}
