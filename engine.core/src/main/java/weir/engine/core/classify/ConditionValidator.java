package weir.engine.core.classify;

import java.util.List;

import weir.engine.api.Condition;
import weir.engine.api.DataType;
import weir.engine.api.ErrorCode;
import weir.engine.api.Layer;
import weir.engine.api.MatchType;
import weir.engine.api.Value;
import weir.engine.api.WfpException;

/**
 * Add-time validation of a filter's conditions (spec §2.2): field in layer, types, match types, masks, ranges.
 * No implicit conversion: the value's type is the field's type at the layer, except an address-and-mask for
 * an address field and a RANGE of the field's type. Conditions on one field may appear anywhere; they form
 * one OR group (D5), so repetition is never an error.
 */
public final class ConditionValidator {
    private ConditionValidator() {
    }

    /**
     * @throws weir.engine.api.WfpException CONDITION_NOT_FOUND (field not in the layer), TYPE_MISMATCH,
     *         MATCH_TYPE_MISMATCH, INVALID_NET_MASK, INVALID_RANGE, NOT_SUPPORTED (SID/SD), with a one-line
     *         message naming the filter, the condition's position and field, and the fix
     */
    public static void validate(Layer layer, String filterName, List<Condition> conditions) {
        for (int i = 0; i < conditions.size(); i++) {
            validate(layer, filterName, i, conditions.get(i));
        }
    }

    private static void validate(Layer layer, String filterName, int position, Condition c) {
        int slot = Fields.slotOf(layer, c.field());
        if (slot >= 0 && valid(layer.typeOf(slot), c)) {
            return; // the usual case: no message to build (an import checks tens of thousands of conditions)
        }
        // positions are 1-based in messages: "condition 1" is the first one the user wrote
        String where = "filter '" + filterName + "': condition " + (position + 1) + " " + c.field();
        if (slot < 0) {
            throw new WfpException(ErrorCode.CONDITION_NOT_FOUND,
                    where + " is not a field of " + layer + "; use one of that layer's fields or another layer");
        }
        DataType ft = layer.typeOf(slot);
        Value v = c.value();
        DataType vt = v.type();
        MatchType m = c.matchType();
        if (Fields.isSecurityType(ft) || vt == DataType.SID || vt == DataType.SECURITY_DESCRIPTOR) {
            throw new WfpException(ErrorCode.NOT_SUPPORTED, where + " is " + ft
                    + ": Weir does not match users, machines or packages (no tokens or SIDs); remove the condition");
        }
        switch (vt) {
            case EMPTY -> {
                if (m != MatchType.EQUAL) {
                    throw new WfpException(ErrorCode.MATCH_TYPE_MISMATCH, where + ": an EMPTY value is tested only with"
                            + " EQUAL (it matches an EMPTY incoming value); use EQUAL, not " + m);
                }
            }
            case V4_ADDR_MASK -> {
                requireAddress(where, layer, c, ft, DataType.UINT32, vt);
                requireEqual(where, m, "an IPv4 address and mask");
                int mask = ((Value.V4AddrMask) v).mask();
                int inverse = ~mask;
                if ((inverse & (inverse + 1)) != 0) {
                    throw new WfpException(ErrorCode.INVALID_NET_MASK, where + ": mask "
                            + Value.formatV4(mask) + " is not a contiguous prefix; use a mask of leading ones (a /len)");
                }
            }
            case V6_ADDR_MASK -> {
                requireAddress(where, layer, c, ft, DataType.BYTE_ARRAY16, vt);
                requireEqual(where, m, "an IPv6 prefix");
                int prefix = ((Value.V6AddrMask) v).prefixLength();
                if (prefix < 0 || prefix > 128) {
                    throw new WfpException(ErrorCode.INVALID_NET_MASK,
                            where + ": prefix length " + prefix + " is outside 0..128; use 0..128");
                }
            }
            case RANGE -> validateRange(where, layer, ft, (Value.Range) v, m);
            default -> {
                if (vt != ft) {
                    throw typeMismatch(where, layer, ft, vt);
                }
                validateMatchType(where, ft, m);
            }
        }
    }

    /**
     * Whether the condition surely passes every check below, without building a message: the common shapes
     * (EQUAL on the field's type, an address and mask, an ordered RANGE, EQUAL EMPTY). False sends the condition
     * through the full checks, which throw with the message or pass it.
     */
    private static boolean valid(DataType ft, Condition c) {
        Value v = c.value();
        DataType vt = v.type();
        MatchType m = c.matchType();
        if (Fields.isSecurityType(ft) || vt == DataType.SID || vt == DataType.SECURITY_DESCRIPTOR) {
            return false;
        }
        switch (vt) {
            case EMPTY:
                return m == MatchType.EQUAL;
            case V4_ADDR_MASK: {
                int inverse = ~((Value.V4AddrMask) v).mask();
                return m == MatchType.EQUAL && c.field().isAddress() && ft == DataType.UINT32
                        && (inverse & (inverse + 1)) == 0;
            }
            case V6_ADDR_MASK: {
                int prefix = ((Value.V6AddrMask) v).prefixLength();
                return m == MatchType.EQUAL && c.field().isAddress() && ft == DataType.BYTE_ARRAY16 && prefix >= 0
                        && prefix <= 128;
            }
            case RANGE: {
                Value.Range r = (Value.Range) v;
                return m == MatchType.RANGE && r.low().type() == ft && r.high().type() == ft && ft.isSortable()
                        && Ints.compare(r.low(), r.high()) <= 0;
            }
            default:
                return vt == ft && m == MatchType.EQUAL;
        }
    }

    private static void requireAddress(String where, Layer layer, Condition c, DataType ft, DataType wanted,
            DataType vt) {
        if (!c.field().isAddress() || ft != wanted) {
            throw typeMismatch(where, layer, ft, vt);
        }
    }

    private static void requireEqual(String where, MatchType m, String what) {
        if (m != MatchType.EQUAL) {
            throw new WfpException(ErrorCode.MATCH_TYPE_MISMATCH,
                    where + ": " + what + " is tested only with EQUAL; use EQUAL, not " + m);
        }
    }

    private static void validateRange(String where, Layer layer, DataType ft, Value.Range r, MatchType m) {
        DataType lt = r.low().type();
        DataType ht = r.high().type();
        if (lt != ft || ht != ft) {
            throw new WfpException(ErrorCode.TYPE_MISMATCH, where + " is " + ft + " at " + layer
                    + " but the range's bounds are " + lt + ".." + ht + "; use " + ft + " bounds (" + howToWrite(ft)
                    + ")");
        }
        if (m != MatchType.RANGE) {
            throw new WfpException(ErrorCode.MATCH_TYPE_MISMATCH,
                    where + ": a RANGE value needs match type RANGE, not " + m + "; use RANGE");
        }
        if (!ft.isSortable()) {
            throw new WfpException(ErrorCode.MATCH_TYPE_MISMATCH,
                    where + ": " + ft + " has no order, so RANGE does not apply; use EQUAL");
        }
        if (Ints.compare(r.low(), r.high()) > 0) {
            throw new WfpException(ErrorCode.INVALID_RANGE, where + ": range " + Value.format(r)
                    + " has its low end above its high end; swap them");
        }
    }

    private static void validateMatchType(String where, DataType ft, MatchType m) {
        String allowed;
        switch (m) {
            case EQUAL:
                return;
            case RANGE:
                throw new WfpException(ErrorCode.MATCH_TYPE_MISMATCH,
                        where + ": RANGE needs a RANGE value; use Value.range(low, high)");
            case GREATER, LESS, GREATER_OR_EQUAL, LESS_OR_EQUAL, NOT_EQUAL:
                if (ft.isSortable()) {
                    return;
                }
                allowed = "integers, IPv6 addresses, blobs and strings";
                break;
            case FLAGS_ALL_SET, FLAGS_ANY_SET, FLAGS_NONE_SET:
                if (ft.isUnsigned()) {
                    return;
                }
                allowed = "unsigned integers";
                break;
            case EQUAL_CASE_INSENSITIVE:
                if (ft == DataType.UNICODE_STRING) {
                    return;
                }
                allowed = "strings";
                break;
            case PREFIX, NOT_PREFIX:
                if (ft == DataType.UNICODE_STRING || ft == DataType.BYTE_BLOB) {
                    return;
                }
                allowed = "blobs and strings";
                break;
            default:
                allowed = "no type";
        }
        throw new WfpException(ErrorCode.MATCH_TYPE_MISMATCH,
                where + " is " + ft + ", but " + m + " applies to " + allowed + " only; use EQUAL or another match type");
    }

    private static WfpException typeMismatch(String where, Layer layer, DataType ft, DataType vt) {
        return new WfpException(ErrorCode.TYPE_MISMATCH, where + " is " + ft + " at " + layer + " but the value is "
                + vt + " (no implicit conversion); use " + howToWrite(ft));
    }

    /** How a user writes a value of a field type, for the fix part of a message. */
    static String howToWrite(DataType t) {
        return switch (t) {
            case UINT8 -> "Value.uint8(n)";
            case UINT16 -> "Value.uint16(n)";
            case UINT32 -> "Value.uint32(n), or for an IPv4 address Value.address(\"a.b.c.d\") or \"a.b.c.d/len\"";
            case UINT64 -> "Value.uint64(n)";
            case INT8, INT16, INT32, INT64 -> "a Value." + t.name().charAt(0) + t.name().substring(1).toLowerCase();
            case BYTE_ARRAY16 -> "Value.address(\"2001:db8::1\") or a prefix \"2001:db8::/32\"";
            case BYTE_BLOB -> "Value.blob(bytes) or Value.blobOfString(text)";
            case UNICODE_STRING -> "Value.string(text)";
            default -> "a " + t + " value";
        };
    }
}
