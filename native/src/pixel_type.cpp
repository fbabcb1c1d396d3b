#include "tilewright/pixel_type.h"

#include <string>

#include "tilewright/error.h"

namespace tilewright {

OIIO::TypeDesc toTypeDesc(int typeCode)
{
    switch (typeCode) {
    case UINT8: return OIIO::TypeDesc::UINT8;
    case UINT16: return OIIO::TypeDesc::UINT16;
    case UINT32: return OIIO::TypeDesc::UINT32;
    case HALF: return OIIO::TypeDesc::HALF;
    case FLOAT: return OIIO::TypeDesc::FLOAT;
    case DOUBLE: return OIIO::TypeDesc::DOUBLE;
    case INT8: return OIIO::TypeDesc::INT8;
    case INT16: return OIIO::TypeDesc::INT16;
    case INT32: return OIIO::TypeDesc::INT32;
    default: throw Error("", "unknown pixel type code " + std::to_string(typeCode), ErrorKind::BadArgument);
    }
}

int toTypeCode(OIIO::TypeDesc type)
{
    switch (type.basetype) {
    case OIIO::TypeDesc::UINT8: return UINT8;
    case OIIO::TypeDesc::UINT16: return UINT16;
    case OIIO::TypeDesc::UINT32: return UINT32;
    case OIIO::TypeDesc::HALF: return HALF;
    case OIIO::TypeDesc::FLOAT: return FLOAT;
    case OIIO::TypeDesc::DOUBLE: return DOUBLE;
    case OIIO::TypeDesc::INT8: return INT8;
    case OIIO::TypeDesc::INT16: return INT16;
    case OIIO::TypeDesc::INT32: return INT32;
    default: return -1;
    }
}

}  // namespace tilewright
