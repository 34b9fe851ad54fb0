// ShaderSources: the GLSL 3.30 core programs — lit surfaces, shadow depth, grid floor,
// wide lines and round points.

enum ShaderSources {
    // MARK: Lit surfaces (opaque and overlay): Blinn-Phong, one directional light, PCF shadows.

    /// Writes colour to output 0 and (body, link) ids to output 1 (an RG32I attachment
    /// when the target has one; discarded otherwise).
    static let surfaceVertex = """
    #version 330 core
    layout(location = 0) in vec3 inPosition;
    layout(location = 1) in vec3 inNormal;
    uniform mat4 model;
    uniform mat3 normalMatrix;
    uniform mat4 viewProjection;
    uniform mat4 lightViewProjection;
    out vec3 worldPosition;
    out vec3 worldNormal;
    out vec4 lightSpacePosition;
    void main() {
        vec4 world = model * vec4(inPosition, 1.0);
        worldPosition = world.xyz;
        worldNormal = normalMatrix * inNormal;
        lightSpacePosition = lightViewProjection * world;
        gl_Position = viewProjection * world;
    }
    """

    static let surfaceFragment = """
    #version 330 core
    in vec3 worldPosition;
    in vec3 worldNormal;
    in vec4 lightSpacePosition;
    uniform vec4 color;
    uniform ivec2 ids;
    uniform vec3 eyePosition;
    uniform vec3 lightDirection;
    uniform vec3 lightColor;
    uniform vec3 ambientColor;
    uniform float specularStrength;
    uniform float shininess;
    uniform int shadowsEnabled;
    uniform sampler2DShadow shadowMap;
    uniform float shadowTexel;
    layout(location = 0) out vec4 fragColor;
    layout(location = 1) out ivec2 fragIds;

    // Fraction of the light reaching this fragment: four bilinear percentage-closer taps
    // half a texel apart (a smooth 3×3-texel footprint for the price of four lookups).
    float lightVisibility(vec3 n, vec3 l) {
        if (shadowsEnabled == 0) return 1.0;
        vec3 p = lightSpacePosition.xyz / lightSpacePosition.w * 0.5 + 0.5;
        if (p.x <= 0.0 || p.x >= 1.0 || p.y <= 0.0 || p.y >= 1.0) return 1.0;
        float bias = shadowTexel * (1.0 + 2.0 * (1.0 - max(dot(n, l), 0.0)));
        // The light's box is fitted to the casters; a receiver beyond it (the floor under
        // them) is farther than every caster, so compare it as if it sat on the far side.
        float reference = min(p.z - bias, 0.99999);
        float h = 0.5 * shadowTexel;
        return 0.25 * (texture(shadowMap, vec3(p.xy + vec2(-h, -h), reference))
                     + texture(shadowMap, vec3(p.xy + vec2(h, -h), reference))
                     + texture(shadowMap, vec3(p.xy + vec2(-h, h), reference))
                     + texture(shadowMap, vec3(p.xy + vec2(h, h), reference)));
    }

    void main() {
        vec3 v = normalize(eyePosition - worldPosition);
        vec3 n = normalize(worldNormal);
        if (dot(n, v) < 0.0) n = -n;  // two-sided: meshes with inconsistent winding still light
        vec3 l = -lightDirection;
        float diffuse = max(dot(n, l), 0.0);
        float specular = diffuse > 0.0 ? pow(max(dot(n, normalize(l + v)), 0.0), shininess) * specularStrength : 0.0;
        float visible = lightVisibility(n, l);
        vec3 rgb = color.rgb * (ambientColor + lightColor * diffuse * visible) + lightColor * specular * visible;
        fragColor = vec4(rgb, color.a);
        fragIds = ids;
    }
    """

    // MARK: Shadow map: depth only, from the light.

    static let shadowVertex = """
    #version 330 core
    layout(location = 0) in vec3 inPosition;
    uniform mat4 lightModelViewProjection;
    void main() { gl_Position = lightModelViewProjection * vec4(inPosition, 1.0); }
    """

    static let shadowFragment = """
    #version 330 core
    void main() {}
    """

    // MARK: Grid floor: anti-aliased lines on a horizontal quad, fading towards its edge.

    static let gridVertex = """
    #version 330 core
    layout(location = 0) in vec3 inPosition;
    uniform mat4 model;
    uniform mat4 viewProjection;
    out vec3 worldPosition;
    void main() {
        vec4 world = model * vec4(inPosition, 1.0);
        worldPosition = world.xyz;
        gl_Position = viewProjection * world;
    }
    """

    static let gridFragment = """
    #version 330 core
    in vec3 worldPosition;
    uniform float spacing;
    uniform float extent;
    uniform vec4 lineColor;
    uniform vec4 axisColorX;
    uniform vec4 axisColorY;
    layout(location = 0) out vec4 fragColor;
    void main() {
        vec2 coord = worldPosition.xy / spacing;
        vec2 width = max(fwidth(coord), vec2(1e-6));
        vec2 distanceToLine = abs(fract(coord - 0.5) - 0.5) / width;
        float coverage = 1.0 - min(min(distanceToLine.x, distanceToLine.y), 1.0);
        vec4 colour = lineColor;
        if (abs(coord.y) / width.y < 1.0 && distanceToLine.y <= distanceToLine.x) colour = axisColorX;
        if (abs(coord.x) / width.x < 1.0 && distanceToLine.x <= distanceToLine.y) colour = axisColorY;
        float fade = 1.0 - smoothstep(0.6 * extent, extent, length(worldPosition.xy));
        float alpha = colour.a * coverage * fade;
        if (alpha < 0.01) discard;
        fragColor = vec4(colour.rgb, alpha);
    }
    """

    // MARK: Lines: each segment becomes a screen-aligned quad `width` pixels wide.

    static let lineVertex = """
    #version 330 core
    layout(location = 0) in vec3 inPosition;
    layout(location = 1) in vec4 inColor;
    layout(location = 2) in float inSize;
    uniform mat4 viewProjection;
    out vec4 vertexColor;
    out float vertexSize;
    void main() {
        vertexColor = inColor;
        vertexSize = inSize;
        gl_Position = viewProjection * vec4(inPosition, 1.0);
    }
    """

    static let lineGeometry = """
    #version 330 core
    layout(lines) in;
    layout(triangle_strip, max_vertices = 4) out;
    in vec4 vertexColor[];
    in float vertexSize[];
    uniform vec2 viewportSize;
    out vec4 segmentColor;
    void main() {
        vec4 a = gl_in[0].gl_Position;
        vec4 b = gl_in[1].gl_Position;
        // Clip the segment to the near plane (z > -w) so the quad never wraps behind the eye.
        float da = a.z + a.w, db = b.z + b.w;
        if (da < 0.0 && db < 0.0) return;
        if (da < 0.0) a = mix(a, b, da / (da - db));
        if (db < 0.0) b = mix(b, a, db / (db - da));
        vec2 halfViewport = viewportSize * 0.5;
        vec2 direction = (b.xy / b.w - a.xy / a.w) * halfViewport;
        if (dot(direction, direction) < 1e-12) direction = vec2(1.0, 0.0);
        vec2 side = normalize(vec2(-direction.y, direction.x)) * vertexSize[0] * 0.5 / halfViewport;
        segmentColor = vertexColor[0];
        gl_Position = vec4(a.xy + side * a.w, a.z, a.w); EmitVertex();
        gl_Position = vec4(a.xy - side * a.w, a.z, a.w); EmitVertex();
        gl_Position = vec4(b.xy + side * b.w, b.z, b.w); EmitVertex();
        gl_Position = vec4(b.xy - side * b.w, b.z, b.w); EmitVertex();
        EndPrimitive();
    }
    """

    static let lineFragment = """
    #version 330 core
    in vec4 segmentColor;
    layout(location = 0) out vec4 fragColor;
    void main() { fragColor = segmentColor; }
    """

    // MARK: Points: round discs `size` pixels across.

    static let pointVertex = """
    #version 330 core
    layout(location = 0) in vec3 inPosition;
    layout(location = 1) in vec4 inColor;
    layout(location = 2) in float inSize;
    uniform mat4 viewProjection;
    out vec4 pointColor;
    void main() {
        pointColor = inColor;
        gl_PointSize = inSize;
        gl_Position = viewProjection * vec4(inPosition, 1.0);
    }
    """

    static let pointFragment = """
    #version 330 core
    in vec4 pointColor;
    layout(location = 0) out vec4 fragColor;
    void main() {
        if (length(gl_PointCoord - vec2(0.5)) > 0.5) discard;
        fragColor = pointColor;
    }
    """
}
